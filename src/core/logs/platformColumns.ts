// Lambda platform records (START / END / REPORT, platform.*: most lines of a Lambda log) as columns: a type byte, a
// bit mask of what is present, and the present numbers and strings in two pools. A record is rebuilt, short-lived,
// when correlation folds it into its invocation or a view shows its line.
import type { InvocationStatus, PlatformRecord, PlatformType } from '../model';

const TYPES: PlatformType[] = ['start', 'end', 'report', 'runtimeDone', 'initStart', 'initReport', 'restoreReport', 'other'];
const TYPE_CODE = new Map(TYPES.map((t, i) => [t, i]));
const NUMBERS = ['durationMs', 'billedDurationMs', 'memorySizeMb', 'maxMemoryUsedMb', 'initDurationMs', 'restoreDurationMs'] as const;
const STRINGS = ['version', 'status', 'errorType', 'traceId', 'segmentId'] as const;
const SAMPLED = 1 << 11;
const SAMPLED_TRUE = 1 << 12;
/** The keys a record may have; one with another key, or `invalid` / `phases`, is kept whole. */
const KEYS = new Set<string>(['type', ...NUMBERS, ...STRINGS, 'sampled', 'invalid', 'phases']);

export class PlatformColumns {
  count = 0;
  private cap = 0;
  private type = new Uint8Array(0);
  private mask = new Uint16Array(0);
  private numAt = new Uint32Array(0);
  private strAt = new Uint32Array(0);
  private nums = new Float64Array(0);
  private numCount = 0;
  private strs = new Int32Array(0);
  private strCount = 0;
  /** Records that do not fit (rare): kept as they are. */
  private whole = new Map<number, PlatformRecord>();

  constructor(private readonly intern: (s: string) => number, private readonly stringAt: (i: number) => string | undefined) {}

  /** A new record's index, with room for it in the per-record columns. */
  private nextIndex(): number {
    const i = this.count++;
    if (i >= this.cap) {
      this.cap = Math.max(1024, this.cap * 2);
      this.type = grow(this.type, this.cap);
      this.mask = grow(this.mask, this.cap);
      this.numAt = grow(this.numAt, this.cap);
      this.strAt = grow(this.strAt, this.cap);
    }
    return i;
  }

  /** Stores a record; returns its index. */
  add(p: PlatformRecord): number {
    const i = this.nextIndex();
    this.numAt[i] = this.numCount;
    this.strAt[i] = this.strCount;
    if (!fits(p)) { this.whole.set(i, p); this.mask[i] = 0; return i; }
    this.type[i] = TYPE_CODE.get(p.type)!;
    let mask = 0;
    for (let k = 0; k < NUMBERS.length; k++) {
      const v = p[NUMBERS[k]];
      if (v === undefined) continue;
      mask |= 1 << k;
      if (this.numCount >= this.nums.length) this.nums = grow(this.nums, Math.max(4096, this.nums.length * 2));
      this.nums[this.numCount++] = v;
    }
    for (let k = 0; k < STRINGS.length; k++) {
      const v = p[STRINGS[k]];
      if (v === undefined) continue;
      mask |= 1 << (NUMBERS.length + k);
      if (this.strCount >= this.strs.length) this.strs = grow(this.strs, Math.max(4096, this.strs.length * 2));
      this.strs[this.strCount++] = this.intern(v);
    }
    if (p.sampled !== undefined) mask |= SAMPLED | (p.sampled ? SAMPLED_TRUE : 0);
    this.mask[i] = mask;
    return i;
  }

  /**
   * Adds a record a parse worker encoded (`encodePlatform`): its numbers from `nums` at `numFrom`, its strings from
   * `strs` at `strFrom` as job string indexes, mapped to the table's by `map`. Returns [index, numbers, strings used].
   */
  addEncoded(type: number, mask: number, nums: Float64Array, numFrom: number, strs: Int32Array, strFrom: number, map: ArrayLike<number>): [number, number, number] {
    const i = this.nextIndex();
    this.type[i] = type;
    this.mask[i] = mask;
    this.numAt[i] = this.numCount;
    this.strAt[i] = this.strCount;
    const n = bitCount(mask & NUMBER_BITS);
    const k = bitCount(mask & STRING_BITS);
    if (this.numCount + n > this.nums.length) this.nums = grow(this.nums, Math.max(4096, this.nums.length * 2));
    for (let j = 0; j < n; j++) this.nums[this.numCount++] = nums[numFrom + j];
    if (this.strCount + k > this.strs.length) this.strs = grow(this.strs, Math.max(4096, this.strs.length * 2));
    for (let j = 0; j < k; j++) this.strs[this.strCount++] = map[strs[strFrom + j]];
    return [i, n, k];
  }

  /** The record, rebuilt in the readers' shape (every key present). */
  get(i: number): PlatformRecord {
    const w = this.whole.get(i);
    if (w) return w;
    return build(this.type[i], this.mask[i], this.nums, this.numAt[i], this.strs, this.strAt[i], this.stringAt);
  }

  /** Gives back the memory the doubling left unused (after a load). */
  trim(): void {
    this.type = this.type.slice(0, this.count);
    this.mask = this.mask.slice(0, this.count);
    this.numAt = this.numAt.slice(0, this.count);
    this.strAt = this.strAt.slice(0, this.count);
    this.nums = this.nums.slice(0, this.numCount);
    this.strs = this.strs.slice(0, this.strCount);
    this.cap = this.count;
  }
}

const NUMBER_BITS = (1 << NUMBERS.length) - 1;
const STRING_BITS = ((1 << STRINGS.length) - 1) << NUMBERS.length;

function bitCount(m: number): number {
  let n = 0;
  for (; m; m &= m - 1) n++;
  return n;
}

/** A parse worker's platform records of one batch, as columns to transfer. */
export interface PlatformBatch { type: number[]; mask: number[]; nums: number[]; strs: number[] }

/** Encodes a record into `out` (strings through `intern`); false when it does not fit the columns (sent whole). */
export function encodePlatform(p: PlatformRecord, intern: (s: string) => number, out: PlatformBatch): boolean {
  if (!fits(p)) return false;
  let mask = 0;
  for (let k = 0; k < NUMBERS.length; k++) {
    const v = p[NUMBERS[k]];
    if (v === undefined) continue;
    mask |= 1 << k;
    out.nums.push(v);
  }
  for (let k = 0; k < STRINGS.length; k++) {
    const v = p[STRINGS[k]];
    if (v === undefined) continue;
    mask |= 1 << (NUMBERS.length + k);
    out.strs.push(intern(v));
  }
  if (p.sampled !== undefined) mask |= SAMPLED | (p.sampled ? SAMPLED_TRUE : 0);
  out.type.push(TYPE_CODE.get(p.type)!);
  out.mask.push(mask);
  return true;
}

/** Rebuilds an encoded record (for a sink that is not a LogTable's); returns it with the numbers and strings used. */
export function decodePlatform(type: number, mask: number, nums: Float64Array, numFrom: number, strs: Int32Array, strFrom: number,
  stringAt: (i: number) => string | undefined): [PlatformRecord, number, number] {
  const rec = build(type, mask, nums, numFrom, strs, strFrom, stringAt);
  return [rec, bitCount(mask & NUMBER_BITS), bitCount(mask & STRING_BITS)];
}

/** The record in the readers' shape (every key present), its numbers and strings read in bit order. */
function build(type: number, m: number, nums: Float64Array, n: number, strs: Int32Array, s: number,
  stringAt: (i: number) => string | undefined): PlatformRecord {
  const num = (bit: number) => (m & (1 << bit) ? nums[n++] : undefined);
  const str = (bit: number) => (m & (1 << (NUMBERS.length + bit)) ? stringAt(strs[s++]) : undefined);
  const durationMs = num(0);
  const billedDurationMs = num(1);
  const memorySizeMb = num(2);
  const maxMemoryUsedMb = num(3);
  const initDurationMs = num(4);
  const restoreDurationMs = num(5);
  const version = str(0);
  const status = str(1) as InvocationStatus | undefined;
  const errorType = str(2);
  const traceId = str(3);
  const segmentId = str(4);
  return {
    type: TYPES[type], version, durationMs, billedDurationMs, memorySizeMb, maxMemoryUsedMb, initDurationMs,
    restoreDurationMs, status, errorType, traceId, segmentId, sampled: m & SAMPLED ? (m & SAMPLED_TRUE) !== 0 : undefined,
    phases: undefined, invalid: undefined,
  };
}

function fits(p: PlatformRecord): boolean {
  if (typeof p !== 'object' || p === null || !TYPE_CODE.has(p.type)) return false;
  for (const k in p) if (!KEYS.has(k)) return false;
  if (p.invalid !== undefined || p.phases !== undefined) return false;
  for (const k of NUMBERS) if (p[k] !== undefined && typeof p[k] !== 'number') return false;
  for (const k of STRINGS) if (p[k] !== undefined && typeof p[k] !== 'string') return false;
  return p.sampled === undefined || typeof p.sampled === 'boolean';
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array | Int32Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a.subarray(0, Math.min(a.length, n)));
  return b;
}
