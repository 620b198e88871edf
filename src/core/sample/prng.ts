// Seeded randomness: the only source of variation in the sample, so the same seed gives the same bytes.

/** mulberry32: tiny, fast and good enough for synthetic telemetry. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal (Box-Muller; one value per call keeps the stream simple). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal with the given median and shape: real service latencies look like this. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  hex(digits: number): string {
    let s = '';
    while (s.length < digits) s += Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
    return s.slice(0, digits);
  }

  /** A non-zero 64-bit span id. */
  spanId(): string {
    const id = this.hex(16);
    return /^0+$/.test(id) ? '0000000000000001' : id;
  }

  /** RFC 4122 version-4 UUID, as Lambda request ids are. */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  digits(n: number): string {
    let s = '';
    while (s.length < n) s += Math.floor(this.next() * 1e9).toString().padStart(9, '0');
    return s.slice(0, n);
  }
}

/**
 * Rare events at a steady rate: about `rate` per trial, spread evenly with some jitter, so a small sample still
 * shows them and no stretch of time gets a cluster by chance (anomaly detection must only see real incidents).
 */
export class SteadyRate {
  private acc: number;

  constructor(private readonly rng: Rng, private readonly rate: number) {
    this.acc = rng.next();
  }

  hit(): boolean {
    this.acc += this.rate * this.rng.between(0.5, 1.5);
    if (this.acc < 1) return false;
    this.acc -= 1;
    return true;
  }
}
