// Lines up the log lines of two matched spans (A and B of a comparison) side by side, like a
// side-by-side diff: the same log statement in both spans lands on one row, a line only one span wrote
// faces a gap, and lines that differ where neither has a counterpart nearby face each other as a
// changed pair. A line's template is its text with ids, times and numbers folded (`order 41d9… took
// 12 ms` and `order bf99… took 340 ms` are one statement), so two invocations of the same code match.

/** Row i of the alignment: line a[i] (index into A's lines, -1: none) beside line b[i]. */
export interface LogAlignment {
  a: Int32Array;
  b: Int32Array;
  /** 1 when both lines have the same template. */
  same: Uint8Array;
  length: number;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEXID = /\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi;
const NUMBER = /\d+(?:\.\d+)?/g;

/** The line's statement: text with UUIDs, hex ids and numbers (so dates and durations too) folded, trailing space cut. */
export function logTemplate(text: string): string {
  const t = text.replace(/\s+$/, '');
  return /\d/.test(t) ? t.replace(UUID, '#').replace(HEXID, '#').replace(NUMBER, '#') : t;
}

/** How far ahead (in lines) a line looks for its counterpart before it is called changed. */
export const LOOKAHEAD = 64;

/**
 * Greedy alignment in one pass, O((|A| + |B|) * lookahead): equal templates pair; otherwise the side whose
 * next line reappears sooner on the other side yields its extra lines first; when neither reappears
 * within `lookahead`, the two lines pair as changed. Order within each side is kept.
 */
export function alignLogLines(aKeys: readonly string[], bKeys: readonly string[], lookahead = LOOKAHEAD): LogAlignment {
  // Templates to small ints, so the look-ahead compares numbers.
  const ids = new Map<string, number>();
  const intern = (keys: readonly string[]) => {
    const out = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      let id = ids.get(keys[i]);
      if (id === undefined) { id = ids.size; ids.set(keys[i], id); }
      out[i] = id;
    }
    return out;
  };
  const ka = intern(aKeys);
  const kb = intern(bKeys);
  const na = ka.length;
  const nb = kb.length;
  const cap = na + nb;
  const ra = new Int32Array(cap);
  const rb = new Int32Array(cap);
  const same = new Uint8Array(cap);
  let n = 0;
  const emit = (i: number, j: number, s: boolean) => { ra[n] = i; rb[n] = j; same[n] = s ? 1 : 0; n++; };
  const find = (keys: Int32Array, from: number, end: number, key: number) => {
    const stop = Math.min(end, from + lookahead + 1);
    for (let k = from + 1; k < stop; k++) if (keys[k] === key) return k;
    return -1;
  };
  let i = 0;
  let j = 0;
  while (i < na || j < nb) {
    if (i >= na) { emit(-1, j++, false); continue; }
    if (j >= nb) { emit(i++, -1, false); continue; }
    if (ka[i] === kb[j]) { emit(i++, j++, true); continue; }
    const inB = find(kb, j, nb, ka[i]); // A's line comes later in B: B's lines before it are B's extras
    const inA = find(ka, i, na, kb[j]); // B's line comes later in A: A's lines before it are A's extras
    if (inB >= 0 && (inA < 0 || inB - j <= inA - i)) { while (j < inB) emit(-1, j++, false); }
    else if (inA >= 0) { while (i < inA) emit(i++, -1, false); }
    else emit(i++, j++, false);
  }
  return { a: ra.subarray(0, n), b: rb.subarray(0, n), same: same.subarray(0, n), length: n };
}
