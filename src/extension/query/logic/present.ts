// How a query result reads in a Quick Pick and in the results tree: who, how long, cold start,
// status, when, and the error; with the ranges of the label that matched the query's names and words.
import type { Query, QueryResult } from '../../../core/query';
import { globToRegExp } from '../../../core/query/values';

export interface ResultText {
  label: string;
  description: string;
  detail?: string;
  /** [start, end) ranges of `label` to highlight. */
  highlights: [number, number][];
  icon: 'error' | 'watch' | 'flame' | 'debug-disconnect' | 'pass' | 'symbol-event';
}

export function presentResult(r: QueryResult, q?: Query): ResultText {
  const label = r.kind === 'invocation' ? r.function ?? r.name : `${r.service} · ${r.name}`;
  const parts = [formatDuration(r.durationMs)];
  if (r.coldStart) parts.push('cold start');
  if (r.status !== 'ok') parts.push(r.status.toUpperCase());
  parts.push(formatTime(r.start));
  const icon = r.status === 'timeout' ? 'watch' : r.status === 'crash' ? 'debug-disconnect' : r.status === 'error' ? 'error'
    : r.coldStart ? 'flame' : r.kind === 'span' ? 'symbol-event' : 'pass';
  return { label, description: parts.join(' · '), detail: r.errorMessage, highlights: q ? highlights(label, q) : [], icon };
}

/** Ranges of the label matched by name globs (function/service/operation) and free words. */
export function highlights(label: string, q: Query): [number, number][] {
  const ranges: [number, number][] = [];
  const visit = (e: NonNullable<Query['expr']>): void => {
    if (e.type === 'and' || e.type === 'or') { e.items.forEach(visit); return; }
    if (e.type === 'not') return; // a negated term matched nothing to show
    if (e.type === 'name') {
      for (const p of e.patterns) {
        const re = globToRegExp(p);
        // Names are whole parts of the label (function, or "service · name").
        for (const part of partsOf(label)) if (re.test(part.text)) ranges.push([part.start, part.start + part.text.length]);
      }
    } else if (e.type === 'text') {
      const at = label.toLowerCase().indexOf(e.text.toLowerCase());
      if (at >= 0 && e.text) ranges.push([at, at + e.text.length]);
    }
  };
  if (q.expr) visit(q.expr);
  return merge(ranges);
}

function partsOf(label: string): { text: string; start: number }[] {
  const sep = label.indexOf(' · ');
  if (sep < 0) return [{ text: label, start: 0 }];
  return [{ text: label.slice(0, sep), start: 0 }, { text: label.slice(sep + 3), start: sep + 3 }];
}

function merge(r: [number, number][]): [number, number][] {
  r.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const x of r) {
    const last = out[out.length - 1];
    if (last && x[0] <= last[1]) last[1] = Math.max(last[1], x[1]);
    else out.push([x[0], x[1]]);
  }
  return out;
}

export function formatDuration(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms`;
}

/** UTC, like the data (files carry UTC timestamps). */
export function formatTime(ms: number): string {
  if (!(ms > 0)) return 'unknown time'; // 0: no line carried a time (see isKnownTime)
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
