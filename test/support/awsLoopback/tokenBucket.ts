// Per-operation request rate limit, as the service applies its per-account TPS quotas: a bucket of `burst` tokens
// refilled at `ratePerSec`; an empty bucket answers ThrottlingException.
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(readonly ratePerSec: number, readonly burst = Math.max(1, ratePerSec)) {
    this.tokens = this.burst;
  }

  take(): boolean {
    if (!Number.isFinite(this.ratePerSec)) return true;
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSec);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
