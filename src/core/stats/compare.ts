// "Why is this slow?": how the slow rows of a group differ from the fast ones, attribute by attribute.
import type { GroupTable } from './groupTable';
import { FeatureValue, featuresOf } from './features';
import { quantileSorted, sortedCopy } from './quantile';

export interface ValueShare {
  value: string;
  slowCount: number;
  fastCount: number;
  slowShare: number;
  fastShare: number;
}

export interface AttributeDivergence {
  attribute: string;
  /** Total variation distance between the slow and fast value distributions, 0..1. */
  divergence: number;
  /** Values, those over-represented among slow rows first. */
  values: ValueShare[];
  /** Other attributes that split the rows exactly the same way (e.g. "calls X" and "X status"). */
  sameAs: string[];
}

export interface CompareResult {
  group: string;
  thresholdMs: number;
  slowCount: number;
  fastCount: number;
  /** Rows looked at per side after sampling (see MAX_ROWS_PER_SIDE). */
  sampledSlow: number;
  sampledFast: number;
  attributes: AttributeDivergence[];
}

export interface CompareOptions {
  /** Rows slower than this are "slow"; default: the group's p95 (of `rows` when given). */
  thresholdMs?: number;
  /** Restrict to these row indices (e.g. a selected time range). */
  rows?: ArrayLike<number>;
  /** Values seen in fewer rows than this (and < 1% of rows) are pooled as "(other)". */
  minSupport?: number;
}

/** Each side is sampled evenly down to this many rows: shares are stable long before, and features cost memory. */
export const MAX_ROWS_PER_SIDE = 20_000;
/** Numbers with more distinct values than this are compared as quartile ranges. */
const MAX_NUMERIC_LEVELS = 12;
const OTHER = '(other)';

/**
 * Divergence is the total variation distance (half the sum of |slow share - fast share| over values): bounded
 * in [0, 1], readable straight off the table ("this much of the slow rows would have to change value to look
 * like the fast ones"), and not scaled down by the 5/95 class imbalance the way information gain is.
 */
export function compareSlowFast(t: GroupTable, opts: CompareOptions = {}): CompareResult {
  const all = opts.rows ?? range(t.length);
  const durations = Float64Array.from(all, (i) => t.durationMs[i]);
  const thresholdMs = opts.thresholdMs ?? quantileSorted(sortedCopy(durations), 0.95);
  const slow: number[] = [];
  const fast: number[] = [];
  for (let j = 0; j < all.length; j++) (durations[j] > thresholdMs ? slow : fast).push(all[j]);
  const slowRows = sample(slow);
  const fastRows = sample(fast);
  const empty = { group: t.key, thresholdMs, slowCount: slow.length, fastCount: fast.length, sampledSlow: slowRows.length, sampledFast: fastRows.length };
  if (slowRows.length === 0 || fastRows.length === 0) return { ...empty, attributes: [] };

  const feats = [...slowRows, ...fastRows].map((i) => featuresOf(t.items[i], t.nodeOf));
  const isSlow = (j: number) => j < slowRows.length;
  const names = new Set<string>();
  for (const f of feats) for (const k of f.keys()) names.add(k);
  const minSupport = Math.min(opts.minSupport ?? 3, Math.max(1, Math.ceil(feats.length * 0.01)));

  const attributes: AttributeDivergence[] = [];
  for (const name of names) {
    const raw = feats.map((f) => f.get(name));
    const labels = labelValues(raw, missingLabel(name));
    const counts = new Map<string, [number, number]>();
    labels.forEach((v, j) => {
      let c = counts.get(v);
      if (!c) counts.set(v, (c = [0, 0]));
      c[isSlow(j) ? 0 : 1]++;
    });
    pool(counts, minSupport);
    if (counts.size < 2) continue;
    const values = [...counts].map(([value, [s, f]]) => ({
      value, slowCount: s, fastCount: f, slowShare: s / slowRows.length, fastShare: f / fastRows.length,
    }));
    const divergence = values.reduce((sum, v) => sum + Math.abs(v.slowShare - v.fastShare), 0) / 2;
    values.sort((a, b) => (b.slowShare - b.fastShare) - (a.slowShare - a.fastShare) || a.value.localeCompare(b.value));
    attributes.push({ attribute: name, divergence, values, sameAs: [] });
  }
  attributes.sort((a, b) => b.divergence - a.divergence || preference(a.attribute) - preference(b.attribute) || a.attribute.localeCompare(b.attribute));
  return { ...empty, attributes: mergeSame(attributes) };
}

/** On ties, the plainest attribute names the finding: "calls X" before "X status", invocation facts before span attributes. */
function preference(attribute: string): number {
  return attribute.startsWith('calls ') ? 0 : attribute.includes(' ') ? 1 : 2;
}

/** Folds attributes whose value counts are identical into the first (higher-ranked) one. */
function mergeSame(sorted: AttributeDivergence[]): AttributeDivergence[] {
  const kept: AttributeDivergence[] = [];
  const bySignature = new Map<string, AttributeDivergence>();
  for (const a of sorted) {
    const sig = a.values.map((v) => `${v.slowCount}/${v.fastCount}`).sort().join(',');
    const first = bySignature.get(sig);
    if (first) first.sameAs.push(a.attribute);
    else {
      bySignature.set(sig, a);
      kept.push(a);
    }
  }
  return kept;
}

function missingLabel(attribute: string): string {
  return attribute.startsWith('calls ') ? 'no' : '(absent)';
}

/** Strings as they are; numbers as they are when few distinct, else as quartile ranges of all rows. */
function labelValues(raw: (FeatureValue | undefined)[], missing: string): string[] {
  const nums = raw.filter((v): v is number => typeof v === 'number');
  const distinct = new Set(nums).size;
  if (distinct <= MAX_NUMERIC_LEVELS) return raw.map((v) => (v === undefined ? missing : String(v)));
  const sorted = sortedCopy(nums);
  const edges = [0.25, 0.5, 0.75].map((q) => quantileSorted(sorted, q));
  return raw.map((v) => {
    if (v === undefined) return missing;
    if (typeof v === 'string') return v;
    if (v <= edges[0]) return `<= ${fmt(edges[0])}`;
    if (v <= edges[1]) return `${fmt(edges[0])} .. ${fmt(edges[1])}`;
    if (v <= edges[2]) return `${fmt(edges[1])} .. ${fmt(edges[2])}`;
    return `> ${fmt(edges[2])}`;
  });
}

/** Rare values (ids, one-offs) would each look perfectly "slow" or "fast"; pooled, they cannot. */
function pool(counts: Map<string, [number, number]>, minSupport: number): void {
  let other: [number, number] | undefined = counts.get(OTHER);
  for (const [v, c] of counts) {
    if (v === OTHER || c[0] + c[1] >= minSupport) continue;
    other ??= [0, 0];
    other[0] += c[0];
    other[1] += c[1];
    counts.delete(v);
  }
  if (other) counts.set(OTHER, other);
}

function sample(rows: number[]): number[] {
  if (rows.length <= MAX_ROWS_PER_SIDE) return rows;
  const step = rows.length / MAX_ROWS_PER_SIDE;
  return Array.from({ length: MAX_ROWS_PER_SIDE }, (_, k) => rows[Math.floor(k * step)]);
}

function range(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toPrecision(3);
}
