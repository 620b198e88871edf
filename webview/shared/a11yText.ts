// What a screen reader hears for the things the panels draw: pure text builders (no DOM), unit-tested.
// Each name starts with the text that is visible (WCAG 2.5.3: a speech user says what they see), then
// says in words what the canvas or the colours show.
import { RowFlag } from '../../src/protocol/messages';
import { formatDuration } from '../../src/common/format';

/** One mark on a trace row: the symbol drawn, the word shown after it, the words a screen reader adds. */
export interface Badge { symbol: string; text: string; spoken: string }

export interface TraceRowFacts {
  errorCount: number;
  coldStart?: boolean;
  timeout?: boolean;
  orphanCount?: number;
  skewedCount?: number;
}

/** The trace row's badges: errors, cold start, timeout, orphan and clock-skewed spans. */
export function traceBadges(r: TraceRowFacts): Badge[] {
  const out: Badge[] = [];
  if (r.errorCount > 0) out.push({ symbol: '✕', text: String(r.errorCount), spoken: r.errorCount === 1 ? 'error' : 'errors' });
  if (r.coldStart) out.push({ symbol: '❄', text: 'cold', spoken: 'start' });
  if (r.timeout) out.push({ symbol: '', text: 'timeout', spoken: '' });
  if (r.orphanCount) out.push({ symbol: '⚠', text: 'orphan', spoken: r.orphanCount === 1 ? 'span' : `spans (${r.orphanCount})` });
  if (r.skewedCount) out.push({ symbol: '⇄', text: 'skew', spoken: `clock skew in ${r.skewedCount === 1 ? '1 span' : `${r.skewedCount} spans`}` });
  return out;
}

export interface SpanRowFacts {
  service: string;
  name: string;
  depth: number;
  start: number;
  duration: number;
  init: number;
  flags: number;
  descendants: number;
  sourceFile: string;
  sourceLine: number;
}

/** Deeper rows stop indenting (and show their level) so names stay readable in deep traces. */
export const MAX_INDENT_LEVELS = 24;

/** The visible parts of a timeline row and its accessible name (visible text first, then what the bar shows). */
export function spanRowText(r: SpanRowFacts): { service: string; name: string; badges: string; label: string; notes: string[] } {
  // A Lambda's own span is often named after its service: say it once.
  const service = r.service === r.name ? '' : r.service;
  const b: string[] = [];
  if (r.depth > MAX_INDENT_LEVELS) b.push(`L${r.depth}`);
  if (r.flags & RowFlag.Collapsed) b.push(`+${r.descendants}`);
  if (r.flags & (RowFlag.Error | RowFlag.Fault)) b.push('✕');
  if (r.flags & RowFlag.Timeout) b.push('timeout');
  if (r.flags & RowFlag.ColdStart) b.push('❄');
  if (r.flags & RowFlag.Orphan) b.push('orphan');
  if (r.flags & RowFlag.Skewed) b.push('skew');
  if (r.flags & RowFlag.InProgress) b.push('in progress');
  const notes = describeFlags(r.flags, r.descendants, r.init);
  const failed = r.flags & (RowFlag.Error | RowFlag.Fault | RowFlag.Timeout | RowFlag.Throttle);
  const parts = [
    `starts at ${formatDuration(r.start)}`,
    `lasts ${formatDuration(r.duration)}`,
    failed ? '' : 'ok',
    ...notes,
    r.sourceFile ? `source ${baseName(r.sourceFile)}${r.sourceLine ? ` line ${r.sourceLine}` : ''}` : '',
  ].filter(Boolean);
  // The visible words in the order shown (the badges' symbols aside: their meaning follows in words).
  const visible = [service, r.name, ...b.filter((x) => x !== '✕' && x !== '❄')].filter(Boolean).join(' ');
  return { service, name: r.name, badges: b.join(' '), label: `${visible}, ${parts.join(', ')}`, notes };
}

export function describeFlags(flags: number, descendants: number, init: number): string[] {
  const out: string[] = [];
  if (flags & RowFlag.Error) out.push('error');
  if (flags & RowFlag.Fault) out.push('fault');
  if (flags & RowFlag.Throttle) out.push('throttled');
  if (flags & RowFlag.Timeout) out.push('timed out');
  if (flags & RowFlag.ColdStart) out.push(`cold start${init > 0 ? `, init ${formatDuration(init)}` : ''}`);
  if (flags & RowFlag.Critical) out.push('on the critical path');
  if (flags & RowFlag.Orphan) out.push('orphan: its parent span is missing');
  if (flags & RowFlag.Skewed) out.push('clock skew: outside its parent');
  if (flags & RowFlag.InProgress) out.push('in progress: no end recorded, shown open to the end of the trace');
  if (flags & RowFlag.Collapsed) out.push(`collapsed, ${descendants} hidden`);
  return out;
}

/** "zoomed to 12ms to 48ms": what a zoom, pan or fit key did to the visible time window. */
export function windowText(verb: string, start: number, end: number): string {
  return `${verb} ${formatDuration(Math.max(0, start))} to ${formatDuration(end)}`;
}

function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}
