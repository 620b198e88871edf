// Helpers for tests that drive the real SDK against the loopback server.
import type { LogEvent, Span } from '../../../src/core/model';
import type { Sink } from '../../../src/core/readers/types';
import type { LoopbackServer } from './server';

export const DUMMY = { accessKeyId: 'AKIDLOOPBACKTEST0001', secretAccessKey: 'loopback-secret-key-not-real' };

export interface CollectingSink extends Sink {
  logs: LogEvent[];
  spans: Span[];
  skips: string[];
}

export function collectingSink(): CollectingSink {
  const s: CollectingSink = {
    logs: [], spans: [], skips: [],
    log: (e) => { s.logs.push(e); },
    span: (x) => { s.spans.push(x); },
    skip: (r, _o, m) => { s.skips.push(`${r}: ${m}`); },
  };
  return s;
}

/** Connection settings for a test: loopback endpoint, dummy keys, short timeouts, no quota pacing. */
export function testConnection(server: LoopbackServer, extra: Record<string, unknown> = {}) {
  return {
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: DUMMY,
    requestTimeoutMs: 2_000,
    tps: Infinity,
    ...extra,
  };
}
