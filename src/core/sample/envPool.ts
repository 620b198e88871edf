// Execution environments of one function: reuse makes invocations warm, a new one means a cold start
// and a new log stream, exactly as Lambda does.
import type { Rng } from './prng';

export interface Env {
  logStream: string;
  busyUntil: number;
  lastUsed: number;
  retireAt: number;
  invocations: number;
}

/** Lambda reclaims idle environments after a while, and recycles busy ones every hour or two. */
const IDLE_LIMIT_MS = 14 * 60_000;
const LIFETIME_MIN_MS = 45 * 60_000;
const LIFETIME_MAX_MS = 150 * 60_000;

export class EnvPool {
  private envs: Env[] = [];

  constructor(private readonly rng: Rng) {}

  acquire(t: number): { env: Env; cold: boolean } {
    this.envs = this.envs.filter((e) => e.retireAt > t && t - e.lastUsed < IDLE_LIMIT_MS || e.busyUntil > t);
    let best: Env | undefined;
    for (const e of this.envs) {
      if (e.busyUntil <= t && e.retireAt > t && (!best || e.lastUsed > best.lastUsed)) best = e;
    }
    if (best) return { env: best, cold: false };
    const env: Env = {
      logStream: `${streamDate(t)}/[$LATEST]${this.rng.hex(32)}`,
      busyUntil: t,
      lastUsed: t,
      retireAt: t + this.rng.between(LIFETIME_MIN_MS, LIFETIME_MAX_MS),
      invocations: 0,
    };
    this.envs.push(env);
    return { env, cold: true };
  }

  release(env: Env, end: number): void {
    env.busyUntil = end + 1;
    env.lastUsed = Math.max(env.lastUsed, end);
    env.invocations++;
  }

  /** A crash kills the environment; a deployment replaces them all. */
  kill(env: Env): void {
    env.retireAt = 0;
  }

  retireAll(t: number): void {
    for (const e of this.envs) e.retireAt = Math.min(e.retireAt, t);
  }
}

function streamDate(t: number): string {
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '/');
}
