// How alarming a node or edge is, from its error rate and p95 against the user's thresholds. Pure.
import type { GraphSettings } from '../../src/protocol/architecture';

export type Level = 0 | 1 | 2; // ok, warning, critical

export interface Severity {
  errors: Level;
  latency: Level;
}

export function errorRate(x: { calls: number; errors: number }): number {
  return x.calls > 0 ? x.errors / x.calls : 0;
}

export function severityOf(x: { calls: number; errors: number; p95Ms: number }, s: GraphSettings): Severity {
  const rate = errorRate(x);
  const errors: Level = x.errors > 0 && rate >= s.errorRateCritical ? 2 : x.errors > 0 && rate >= s.errorRateWarning ? 1 : 0;
  const latency: Level = x.p95Ms >= s.p95CriticalMs ? 2 : x.p95Ms >= s.p95WarningMs ? 1 : 0;
  return { errors, latency };
}

/** Cytoscape classes carrying the severity, so colours live in one stylesheet. */
export function severityClasses(sev: Severity): string[] {
  const out: string[] = [];
  if (sev.errors === 2) out.push('err-critical');
  else if (sev.errors === 1) out.push('err-warning');
  if (sev.latency === 2) out.push('lat-critical');
  else if (sev.latency === 1) out.push('lat-warning');
  return out;
}
