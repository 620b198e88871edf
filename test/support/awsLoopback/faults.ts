// Fault injection: each request draws once from a seeded generator, so a failing run can be replayed.
export interface FaultOptions {
  /** Probability of a 500/503 JSON error. */
  error?: number;
  /** Probability the connection is destroyed before any response (ECONNRESET on the client). */
  reset?: number;
  /** Probability of a delayed response, and the delay. */
  slow?: number;
  slowMs?: number;
  /** Probability of a 200 whose body is cut JSON. */
  malformed?: number;
  seed?: number;
}

export type Fault = 'none' | 'error' | 'reset' | 'slow' | 'malformed';

export class FaultPlan {
  private state: number;

  constructor(readonly opts: FaultOptions = {}) {
    this.state = (opts.seed ?? 1) >>> 0 || 1;
  }

  draw(): Fault {
    const u = this.next();
    let edge = 0;
    for (const f of ['error', 'reset', 'slow', 'malformed'] as const) {
      edge += this.opts[f] ?? 0;
      if (u < edge) return f;
    }
    return 'none';
  }

  /** A uniform number in [0, 1) from the same seeded sequence, for choices within a fault (which 5xx to send). */
  uniform(): number {
    return this.next();
  }

  /** xorshift32: tiny and deterministic. */
  private next(): number {
    let x = this.state;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    this.state = x;
    return x / 0x100000000;
  }
}
