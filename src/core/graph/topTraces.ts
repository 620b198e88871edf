// Bounded "N slowest distinct traces" list: a trace visiting a node many times is listed once, at its slowest.
import type { TraceRef } from './types';

export class TopTraces {
  private readonly items: TraceRef[] = [];

  constructor(private readonly limit: number) {}

  offer(traceId: string, durationMs: number, error: boolean): void {
    const items = this.items;
    if (this.limit <= 0) return;
    const full = items.length >= this.limit;
    if (full && durationMs <= items[items.length - 1].durationMs) return; // the common case: not slow enough
    const existing = items.findIndex((t) => t.traceId === traceId);
    if (existing >= 0) {
      if (items[existing].durationMs >= durationMs) return;
      items.splice(existing, 1);
    } else if (full) {
      items.pop();
    }
    let i = items.length;
    while (i > 0 && items[i - 1].durationMs < durationMs) i--;
    items.splice(i, 0, { traceId, durationMs, error });
  }

  /** Durations rounded to the microsecond a trace carries, like the percentiles. */
  list(): TraceRef[] {
    return this.items.map((t) => ({ ...t, durationMs: Math.round(t.durationMs * 1000) / 1000 }));
  }
}
