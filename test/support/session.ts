// One code-server + Chromium workbench per e2e suite: started in `before`, logs kept and everything closed
// in `after`. Every suite did this by hand before; the differences (server options, what to do once the
// workbench is open, extra clean-up) are the options here.
import type { Browser, Page } from 'playwright-core';
import { CodeServer, CodeServerOptions, launchChromium, startCodeServer } from './codeServer';
import { endSession, openWorkbench, skipAfterFirstFailure, Workbench } from './workbench';

export interface Session {
  readonly page: Page;
  readonly server: CodeServer;
  readonly wb: Workbench;
}

export interface SessionOptions {
  /** Logs are kept as test-results/<name>-console.log and <name>-code-server.log. */
  name: string;
  /** The server's options; may call `ctx.skip()` when the suite's input is missing. */
  server: (ctx: Mocha.Context) => CodeServerOptions | Promise<CodeServerOptions>;
  /** After the first failed step the rest are skipped and the page saved as `<theme>-<step>.png`; false when the suite saves its own failures. */
  skipAfterFailure?: { theme: string; step?: string } | false;
  /** Runs in `before` once the workbench is open (within the same timeout). */
  opened?: (s: Session) => void | Promise<void>;
  /** Runs in `after`, after the workbench and server are closed, even when closing failed. */
  end?: () => void | Promise<void>;
  startTimeoutMs?: number;
}

/** Call inside describe(). The returned object's fields are set once `before` has run. */
export function useWorkbench(o: SessionOptions): Session {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench | undefined;
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${o.name}: the ${what} is not open (before() failed or has not run)`);
    return v;
  };
  const session: Session = {
    get page() { return need(wb, 'workbench').page; },
    get server() { return need(server, 'code-server'); },
    get wb() { return need(wb, 'workbench'); },
  };

  before(async function () {
    this.timeout(o.startTimeoutMs ?? 180_000);
    const options = await o.server(this);
    server = await startCodeServer(options);
    browser = await launchChromium();
    wb = await openWorkbench(browser, server);
    await o.opened?.(session);
  });

  after(async function () {
    this.timeout(60_000);
    try {
      await endSession(o.name, wb, server, browser);
    } finally {
      await o.end?.();
    }
  });

  if (o.skipAfterFailure !== false) {
    const shot = o.skipAfterFailure ?? { theme: o.name };
    skipAfterFirstFailure(() => wb?.page, shot.theme, shot.step);
  }
  return session;
}
