// The trace list's filter language: free-text words (all must match) plus a few tokens.
//   is:error  is:cold  is:timeout  is:orphan  is:skewed   >500ms  <2s   fn:orders   svc:payments
// Unknown `key:value` tokens are matched as plain text, so pasting a URL or an id still works.

export interface TraceFilter {
  words: string[];
  flags: Set<'error' | 'cold' | 'timeout' | 'orphan' | 'skewed'>;
  minMs?: number;
  maxMs?: number;
  fn: string[];
  svc: string[];
}

const FLAGS = new Set(['error', 'cold', 'timeout', 'orphan', 'skewed']);
const DURATION = /^([<>])=?(\d+(?:\.\d+)?)(us|µs|ms|s|m)?$/;

export function parseFilter(text: string): TraceFilter {
  const f: TraceFilter = { words: [], flags: new Set(), fn: [], svc: [] };
  for (const raw of text.trim().toLowerCase().split(/\s+/)) {
    if (!raw) continue;
    const d = DURATION.exec(raw);
    if (d) {
      const ms = toMs(Number(d[2]), d[3] ?? 'ms');
      if (d[1] === '>') f.minMs = ms; else f.maxMs = ms;
      continue;
    }
    const colon = raw.indexOf(':');
    const key = colon > 0 ? raw.slice(0, colon) : '';
    const value = raw.slice(colon + 1);
    if (key === 'is' && FLAGS.has(value)) f.flags.add(value as 'error');
    else if ((key === 'fn' || key === 'function') && value) f.fn.push(value);
    else if ((key === 'svc' || key === 'service') && value) f.svc.push(value);
    else f.words.push(raw);
  }
  return f;
}

export function isEmptyFilter(f: TraceFilter): boolean {
  return f.words.length === 0 && f.flags.size === 0 && f.minMs === undefined && f.maxMs === undefined && f.fn.length === 0 && f.svc.length === 0;
}

function toMs(n: number, unit: string): number {
  switch (unit) {
    case 'us': case 'µs': return n / 1000;
    case 's': return n * 1000;
    case 'm': return n * 60_000;
    default: return n;
  }
}
