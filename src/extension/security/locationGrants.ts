// The source locations a panel session has sent to its webview. The webview may ask to open only one of these: a
// webview (buggy, or made to misbehave by the data it renders) cannot name an arbitrary file. Plain Node, no vscode.
import type { HostMessage } from '../../protocol/messages';

/** Most locations remembered per panel session; the oldest are forgotten first (memory stays bounded). */
const MAX_LOCATIONS = 20_000;

interface Located { file?: unknown; line?: unknown; column?: unknown }

function key(file: string, line?: number, column?: number): string {
  return `${line ?? ''}:${column ?? ''}:${file}`;
}

export class LocationGrants {
  private readonly allowed = new Set<string>();

  constructor(private readonly max = MAX_LOCATIONS) {}

  get size(): number { return this.allowed.size; }

  /** Records the locations a host -> webview message carries (span details: its source and exception frames). */
  noteSent(message: HostMessage | unknown): void {
    const m = message as { type?: unknown; details?: { source?: Located; exceptions?: { frames?: Located[] }[] } };
    if (m?.type !== 'spanDetails' || !m.details) return;
    this.add(m.details.source);
    for (const x of m.details.exceptions ?? []) for (const f of x.frames ?? []) this.add(f);
  }

  allows(file: string, line?: number, column?: number): boolean {
    return this.allowed.has(key(file, line, column));
  }

  private add(l: Located | undefined): void {
    if (!l || typeof l.file !== 'string') return;
    const k = key(l.file, typeof l.line === 'number' ? l.line : undefined, typeof l.column === 'number' ? l.column : undefined);
    this.allowed.delete(k); // re-sent: most recent again
    this.allowed.add(k);
    if (this.allowed.size > this.max) this.allowed.delete(this.allowed.values().next().value as string);
  }
}

export interface LocationEffects {
  post(message: HostMessage): void;
  openLocation(file: string, line: number, column?: number): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/**
 * Wraps a panel's effects: what `post` sends is recorded, and `openLocation` goes through only for a recorded
 * location; anything else is refused and logged. One call per panel session (one webview).
 */
export function guardLocations<T extends LocationEffects>(fx: T, grants = new LocationGrants()): T {
  return {
    ...fx,
    post: (m: HostMessage) => { grants.noteSent(m); fx.post(m); },
    openLocation: (file: string, line: number, column?: number) => {
      if (grants.allows(file, line, column)) { fx.openLocation(file, line, column); return; }
      fx.log('warn', `Refused to open ${JSON.stringify(`${file}:${line}${column ? `:${column}` : ''}`)}: the webview asked for a location this panel never sent it.`);
    },
  };
}
