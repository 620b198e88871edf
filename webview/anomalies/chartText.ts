// The charts in words: each chart's accessible name (what it shows, its range, its anomalies) and the table of
// the numbers it draws, for screen readers and the keyboard. Pure (protocol data in, strings out), unit-tested.
import type { GroupDetail, HistogramView, Outcome } from '../../src/protocol/anomalies';
import { OUTCOMES } from '../../src/protocol/anomalies';
import { formatDuration, formatTimestamp, plural } from '../../src/common/format';

export type ChartKind = 'percentiles' | 'histogram' | 'rates' | 'memory';

export interface ChartTable {
  caption: string;
  head: string[];
  rows: string[][];
  /** Row indexes of flagged buckets (marked in text in the table too). */
  flagged: number[];
}

const OUTCOME_WORD: Record<Outcome, string> = { ok: 'ok', cold: 'cold start', error: 'error', timeout: 'timeout' };
const METRIC_OF: Record<Exclude<ChartKind, 'histogram'>, string[]> = { percentiles: ['p95Ms'], rates: ['errorRate', 'coldStartRate'], memory: [] };

const ms = (v: number | null) => (v === null ? '–' : formatDuration(v));
const pct = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(1)}%` : '–');
const time = (t: number) => `${formatTimestamp(t).slice(0, 16)} UTC`;

function flaggedBuckets(d: GroupDetail, kind: ChartKind): Set<number> {
  const metrics = kind === 'histogram' ? [] : METRIC_OF[kind];
  return new Set(d.anomalies.filter((a) => metrics.includes(a.metric)).map((a) => a.bucketStart));
}

function range(values: (number | null)[]): [number, number] | undefined {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? [Math.min(...v), Math.max(...v)] : undefined;
}

/** The chart's accessible name: title, what is drawn and its range, flagged buckets; the table is named after it. */
export function chartName(kind: ChartKind, d: GroupDetail, log = false): string {
  const buckets = d.series.start.length;
  const flagged = flaggedBuckets(d, kind).size;
  const flags = flagged ? `, ${plural(flagged, 'flagged bucket')}` : '';
  const over = buckets ? ` over ${plural(buckets, 'bucket')} from ${time(d.series.start[0])}` : '';
  switch (kind) {
    case 'percentiles': {
      const r = range(d.series.p95);
      return `Duration percentiles chart of ${d.group}: p50, p90, p95 and p99${over}${r ? `; p95 from ${ms(r[0])} to ${ms(r[1])}` : ''}${flags}. Data table below.`;
    }
    case 'histogram': {
      const h = log ? d.histogram.log : d.histogram.linear;
      const total = OUTCOMES.reduce((s, o) => s + h.counts[o].reduce((a, b) => a + b, 0), 0);
      const bins = Math.max(0, h.edges.length - 1);
      const span = bins ? ` from ${ms(h.edges[0])} to ${ms(h.edges[bins])}` : '';
      return `Duration histogram${log ? ' (log scale)' : ''} of ${d.group}: ${plural(total, 'row')} in ${plural(bins, 'bin')}${span}, stacked by outcome. Data table below.`;
    }
    case 'rates': {
      const errors = d.series.errors.reduce((a, b) => a + b, 0);
      const cold = d.series.coldStarts.reduce((a, b) => a + b, 0);
      const rows = d.series.count.reduce((a, b) => a + b, 0);
      return `Error and cold-start rate chart of ${d.group}${over}: ${pct(errors, rows)} errors and ${pct(cold, rows)} cold starts overall${flags}. Data table below.`;
    }
    case 'memory': {
      const r = range(d.series.maxMemUsed);
      return `Memory and cold-start init chart of ${d.group}${over}${r ? `: max memory used from ${r[0]} to ${r[1]} MB` : ''}${d.memorySizeMb !== null ? ` of ${d.memorySizeMb} MB` : ''}. Data table below.`;
    }
  }
}

/** The caption of a chart's table (known without building the table, which waits until it is opened). */
export function tableCaption(kind: ChartKind, log = false): string {
  switch (kind) {
    case 'percentiles': return 'Duration percentiles per bucket';
    case 'rates': return 'Error and cold-start rate per bucket';
    case 'memory': return 'Memory and cold-start init per bucket';
    case 'histogram': return `Duration histogram${log ? ' (log scale)' : ''}: rows per bin and outcome`;
  }
}

/** How many rows chartTable would have. */
export function tableRowCount(kind: ChartKind, d: GroupDetail, log = false): number {
  return kind === 'histogram' ? Math.max(0, (log ? d.histogram.log : d.histogram.linear).edges.length - 1) : d.series.start.length;
}

/** The numbers a chart draws, one row per bucket (or bin); flagged buckets say so in their last cell. */
export function chartTable(kind: ChartKind, d: GroupDetail, log = false): ChartTable {
  if (kind === 'histogram') return histogramTable(log ? d.histogram.log : d.histogram.linear, log);
  const s = d.series;
  const flaggedAt = flaggedBuckets(d, kind);
  const flagged: number[] = [];
  const mark = (i: number) => {
    if (!flaggedAt.has(s.start[i])) return '';
    flagged.push(i);
    return 'anomaly';
  };
  const rows = s.start.map((t, i) => {
    const when = time(t);
    if (kind === 'percentiles') return [when, String(s.count[i]), ms(s.p50[i]), ms(s.p90[i]), ms(s.p95[i]), ms(s.p99[i]), mark(i)];
    if (kind === 'rates') return [when, String(s.count[i]), pct(s.errors[i], s.count[i]), pct(s.coldStarts[i], s.count[i]), mark(i)];
    return [when, s.maxMemUsed[i] === null ? '–' : `${s.maxMemUsed[i]} MB`, ms(s.initMean[i]), mark(i)];
  });
  const head = kind === 'percentiles' ? ['bucket start', 'rows', 'p50', 'p90', 'p95', 'p99', 'flag']
    : kind === 'rates' ? ['bucket start', 'rows', 'error rate', 'cold-start rate', 'flag']
      : ['bucket start', 'max memory used', 'init duration (mean)', 'flag'];
  return { caption: tableCaption(kind), head, rows, flagged };
}

function histogramTable(h: HistogramView, log: boolean): ChartTable {
  const bins = Math.max(0, h.edges.length - 1);
  const rows: string[][] = [];
  for (let i = 0; i < bins; i++) {
    rows.push([`${ms(h.edges[i])} – ${ms(h.edges[i + 1])}`, ...OUTCOMES.map((o) => String(h.counts[o][i] ?? 0))]);
  }
  return { caption: tableCaption('histogram', log), head: ['duration', ...OUTCOMES.map((o) => OUTCOME_WORD[o])], rows, flagged: [] };
}
