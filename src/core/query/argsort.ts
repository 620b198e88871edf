// Stable argsort of float64 keys by LSD radix sort on their bits: O(n), ties keep index order.
// A comparator sort (or a native sort plus placement) of a million indices takes seconds on a
// busy machine; four counting passes take a fraction of that.

const BITS = 16;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;

/** Indices 0..n-1 ordered by `key` ascending (NaN last), ties by index. */
export function argsort(key: Float64Array, n = key.length): Int32Array {
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  let hiA = new Uint32Array(n);
  let loA = new Uint32Array(n);
  let idxA = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = key[i];
    f[0] = Number.isNaN(v) ? Infinity : v === 0 ? 0 : v; // -0 sorts with 0
    let lo = u[0];
    let hi = u[1];
    // IEEE 754 order -> unsigned order: flip every bit of negatives, only the sign bit of the rest.
    if (hi & 0x80000000) { hi = ~hi >>> 0; lo = ~lo >>> 0; } else hi = (hi | 0x80000000) >>> 0;
    hiA[i] = hi;
    loA[i] = lo;
    idxA[i] = i;
  }
  if (n < 2) return idxA;
  let hiB = new Uint32Array(n);
  let loB = new Uint32Array(n);
  let idxB = new Int32Array(n);
  const count = new Int32Array(RADIX);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? loA : hiA;
    const shift = (pass % 2) * BITS;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[i] >>> shift) & MASK]++;
    if (count[(src[0] >>> shift) & MASK] === n) continue; // every key has this digit: nothing to do
    let sum = 0;
    for (let d = 0; d < RADIX; d++) { const c = count[d]; count[d] = sum; sum += c; }
    for (let i = 0; i < n; i++) {
      const at = count[(src[i] >>> shift) & MASK]++;
      hiB[at] = hiA[i];
      loB[at] = loA[i];
      idxB[at] = idxA[i];
    }
    [hiA, hiB] = [hiB, hiA];
    [loA, loB] = [loB, loA];
    [idxA, idxB] = [idxB, idxA];
  }
  return idxA;
}
