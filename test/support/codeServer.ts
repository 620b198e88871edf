// Starts code-server (VS Code 1.100 for the browser, with a real Node extension host) for tests and
// `npm start`, and launches Debian's Chromium through playwright-core. Installed by scripts/install-code-server.sh.
//
// Every run gets its own free port, its own temporary user-data and extensions folders, and the
// server is stopped by the process group it was started in, so a failing test never leaves a
// process behind or blocks the next run.
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { Browser, LaunchOptions } from 'playwright-core';

export const EXTENSION_ID = 'trace-explorer.serverless-trace-explorer';

/** The repository root (this file compiles to out/test/support/codeServer.js). */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string };
        if (json.name === 'serverless-trace-explorer') return dir;
      } catch {
        /* keep looking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.resolve(start, '..', '..', '..');
}

export function codeServerDir(): string {
  return process.env.CODE_SERVER_DIR || path.join(REPO_ROOT, '.vscode-test', 'code-server');
}

export function codeServerEntry(): string {
  return path.join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function codeServerInstalled(): boolean {
  return fs.existsSync(codeServerEntry());
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH');
}

/** Headless Chromium with the flags known to work with code-server here. Never downloads a browser. */
export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    timeout: 60_000,
    ...opts,
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export interface CodeServerOptions {
  /** Folder to open. Default: a temporary copy of the repo's samples/app when it exists, else an empty temp folder. */
  workspace?: string;
  /** Copy `workspace` (or samples/app) into the run's temp folder instead of opening it in place. Default true. */
  copyWorkspace?: boolean;
  /** `workbench.colorTheme`, written into <ud>/User/settings.json before start. */
  theme?: string;
  /** More user settings, written into <ud>/User/settings.json before start. */
  settings?: Record<string, unknown>;
  /** Files written into the workspace before start (relative path -> content). */
  files?: Record<string, string>;
  /** Install the extension by symlinking the repo into the extensions dir. Default true. */
  installExtension?: boolean;
  /** Workspace trust on, the folder not trusted: it opens in Restricted Mode (no startup prompt). Default off. */
  restrictedMode?: boolean;
  /** Extra environment variables for the server (and so the extension host). */
  env?: Record<string, string | undefined>;
  /** Bounded wait for the HTTP server to answer. Default 90 s. */
  startTimeoutMs?: number;
  /** Fixed port (npm start); default a free one. */
  port?: number;
  /** Keep the temp folder after stop (debugging). Default: env KEEP_TEST_TMP. */
  keepTmp?: boolean;
  /** Stop the server (and exit) on SIGINT/SIGTERM/SIGHUP. Default true; the server is killed on process exit regardless. */
  handleSignals?: boolean;
  /** Echo the server's output to this stream. */
  echo?: NodeJS.WritableStream;
}

export interface CodeServer {
  readonly port: number;
  readonly baseUrl: string;
  readonly pid: number;
  readonly tmpRoot: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly workspace: string;
  /** URL opening the workspace; with `payload`, the desktop-style switches (extensionDevelopmentPath, ...). */
  url(payload?: Array<[string, string]>): string;
  /** A local absolute path as the vscode-remote URI the browser workbench understands. */
  remoteUri(absPath: string): string;
  /** Everything the server printed so far. */
  log(): string;
  /** True while the server process runs. */
  running(): boolean;
  /** Stops the server and every process it started; removes the temp folder. Idempotent. */
  stop(): Promise<void>;
}

const live = new Set<CodeServer>();
const keepTmpOf = new WeakMap<CodeServer, boolean>();
let exitHookInstalled = false;

let signalHooksInstalled = false;

function installExitHook(handleSignals: boolean): void {
  if (exitHookInstalled && (signalHooksInstalled || !handleSignals)) return;
  const cleanup = () => {
    for (const s of live) {
      killTreeSync(s.pid, 'SIGKILL');
      if (!keepTmpOf.get(s)) {
        try {
          fs.rmSync(s.tmpRoot, { recursive: true, force: true });
        } catch {
          /* best effort */
        }
      }
    }
    live.clear();
  };
  if (!exitHookInstalled) process.on('exit', cleanup);
  exitHookInstalled = true;
  if (!handleSignals) return;
  signalHooksInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      cleanup();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Pids of every descendant of `pid` (from /proc; empty where /proc does not exist). */
export function descendants(pid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const e of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(e));
      children.set(ppid, list);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    for (const c of children.get(p) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killTreeSync(pid: number, signal: NodeJS.Signals): void {
  const kids = descendants(pid);
  try {
    process.kill(-pid, signal); // the process group started with detached: true
  } catch {
    /* already gone */
  }
  for (const p of [pid, ...kids]) {
    try {
      process.kill(p, signal);
    } catch {
      /* already gone */
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function httpOk(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.on('error', () => resolve(false));
  });
}

function copyDir(src: string, dst: string): void {
  fs.cpSync(src, dst, {
    recursive: true,
    filter: (s) => !/[\\/](node_modules|\.git)$/.test(s),
  });
}

export function defaultWorkspaceSource(): string | undefined {
  const app = path.join(REPO_ROOT, 'samples', 'app');
  return fs.existsSync(app) ? app : undefined;
}

/** Settings that keep the workbench quiet and deterministic for tests. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'files.hotExit': 'off',
};

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  if (!codeServerInstalled()) {
    throw new Error(
      `code-server is not installed at ${codeServerDir()}: run bash scripts/install-code-server.sh .vscode-test/code-server`,
    );
  }
  installExitHook(opts.handleSignals !== false);
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ste-cs-'));
  const userDataDir = path.join(tmpRoot, 'ud');
  const extensionsDir = path.join(tmpRoot, 'ext');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });

  let workspace: string;
  const src = opts.workspace ?? defaultWorkspaceSource();
  if (src && opts.copyWorkspace !== false) {
    workspace = path.join(tmpRoot, 'workspace', path.basename(src));
    copyDir(src, workspace);
  } else if (src) {
    workspace = src;
  } else {
    workspace = path.join(tmpRoot, 'workspace', 'empty');
    fs.mkdirSync(workspace, { recursive: true });
  }

  for (const [rel, content] of Object.entries(opts.files ?? {})) {
    const f = path.join(workspace, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, content);
  }

  const settings: Record<string, unknown> = { ...QUIET_SETTINGS, ...(opts.settings ?? {}) };
  if (opts.theme) settings['workbench.colorTheme'] = opts.theme;
  if (opts.restrictedMode) Object.assign(settings, { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  if (opts.installExtension !== false) {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    fs.symlinkSync(REPO_ROOT, path.join(extensionsDir, `${EXTENSION_ID}-${pkg.version}`), 'dir');
  }

  const configFile = path.join(tmpRoot, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const port = opts.port ?? (await freePort());
  const args = [
    codeServerEntry(),
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(opts.restrictedMode ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    workspace,
  ];
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  // Keep code-server's own state (config, logs) out of the user's home.
  env.XDG_CONFIG_HOME = path.join(tmpRoot, 'xdg-config');
  env.XDG_DATA_HOME = path.join(tmpRoot, 'xdg-data');
  delete env.VSCODE_IPC_HOOK_CLI; // when run from a VS Code terminal, do not talk to that VS Code

  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: tmpRoot,
    env,
    detached: true, // own process group: stop() kills the whole group
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('code-server did not start');
  const pid = child.pid;
  let output = '';
  let exited = false;
  const onData = (b: Buffer) => {
    const s = b.toString();
    output += s;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    opts.echo?.write(s);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.on('exit', () => (exited = true));

  const baseUrl = `http://127.0.0.1:${port}`;
  const keepTmp = opts.keepTmp ?? !!process.env.KEEP_TEST_TMP;
  let stopped: Promise<void> | undefined;
  const server: CodeServer = {
    port,
    baseUrl,
    pid,
    tmpRoot,
    userDataDir,
    extensionsDir,
    workspace,
    url(payload) {
      let u = `${baseUrl}/?folder=${encodeURIComponent(workspace)}`;
      if (payload && payload.length) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
    remoteUri(abs) {
      return `vscode-remote://127.0.0.1:${port}${abs.split(path.sep).join('/')}`;
    },
    log: () => output,
    running: () => !exited,
    stop() {
      stopped ??= (async () => {
        killTreeSync(pid, 'SIGTERM');
        const deadline = Date.now() + 5000;
        while (Date.now() < deadline && (alive(pid) || descendants(pid).length)) await sleep(100);
        killTreeSync(pid, 'SIGKILL');
        live.delete(server);
        child.stdout?.destroy();
        child.stderr?.destroy();
        if (!keepTmp) {
          try {
            fs.rmSync(tmpRoot, { recursive: true, force: true, maxRetries: 3 });
          } catch {
            /* best effort */
          }
        }
      })();
      return stopped;
    },
  };
  live.add(server);
  keepTmpOf.set(server, keepTmp);

  try {
    const timeout = opts.startTimeoutMs ?? 90_000;
    const deadline = Date.now() + timeout;
    for (;;) {
      if (exited) throw new Error(`code-server exited during start:\n${output.slice(-4000)}`);
      if (await httpOk(`${baseUrl}/healthz`, 2000)) break;
      if (Date.now() > deadline) throw new Error(`code-server did not answer on ${baseUrl} within ${timeout} ms:\n${output.slice(-4000)}`);
      await sleep(250);
    }
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

/** Runs `fn` with a started server and always stops it. */
export async function withCodeServer<T>(opts: CodeServerOptions, fn: (s: CodeServer) => Promise<T>): Promise<T> {
  const s = await startCodeServer(opts);
  try {
    return await fn(s);
  } finally {
    await s.stop();
  }
}
