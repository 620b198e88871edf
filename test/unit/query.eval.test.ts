import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import { DatasetBuilder } from '../../src/core/correlate/builder';
import { loadPaths } from '../../src/core/load';
import type { Dataset } from '../../src/core/dataset';
import type { LogEvent, PlatformRecord, Span } from '../../src/core/model';
import { runQuery } from '../../src/core/query';
import { argsort } from '../../src/core/query/argsort';


// ---- independent reference implementations (written apart from src/core/query) ----

/** numpy.percentile default ("linear"): rank (n-1)p/100 interpolated between neighbours. */
function refPercentile(values: number[], p: number): number {
  const xs = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (xs.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return xs[below] * (1 - (rank - below)) + xs[above] * (rank - below);
}


function byDurationDesc<T>(dur: (x: T) => number, start: (x: T) => number) {
  return (a: T, b: T) => dur(b) - dur(a) || start(a) - start(b);
}

// ---- a small dataset built in the test ----

const FILE = 'mem.json';
let line = 0;
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

function ev(fn: string, requestId: string | undefined, ts: number, message: string, extra: Partial<LogEvent> = {}): LogEvent {
  return { timestampMs: ts, message, kind: 'runtime', requestId, logGroup: `/aws/lambda/${fn}`, logStream: `${fn}-s`, functionName: fn, format: 'lambda-text', origin: { file: FILE, line: ++line }, ...extra };
}

function plat(fn: string, requestId: string, ts: number, p: PlatformRecord): LogEvent {
  return ev(fn, requestId, ts, p.type.toUpperCase(), { kind: 'platform', platform: p });
}

function span(traceId: string, spanId: string, parent: string | undefined, startMs: number, durationMs: number, extra: Partial<Span> = {}): Span {
  return {
    traceId, spanId, parentSpanId: parent, name: `op-${spanId}`, service: 'svc', kind: 'internal', startMs, durationMs,
    status: 'unset', attributes: {}, events: [], links: [], exceptions: [], format: 'otlp', origin: { file: FILE, line: ++line }, ...extra,
  };
}

interface Spec { fn: string; id: string; at: number; dur: number; cold?: boolean; status?: 'error' | 'timeout'; msg?: string; trace?: string }

function builtDataset(): { ds: Dataset; specs: Spec[] } {
  const b = new DatasetBuilder();
  const specs: Spec[] = [];
  const fns = ['orders-api', 'orders-worker', 'users'];
  // Deterministic spread of durations per function, with a slow tail.
  for (let k = 0; k < 90; k++) {
    const fn = fns[k % 3];
    const dur = 50 + ((k * 37) % 200) + (k % 17 === 0 ? 900 : 0) + (fn === 'users' ? 300 : 0);
    const s: Spec = { fn, id: `r${k}`, at: T0 + k * 60_000, dur, cold: k % 11 === 0 };
    if (k % 13 === 5) { s.status = 'error'; s.msg = `boom ${k}: connection reset`; }
    if (k === 40) s.status = 'timeout';
    if (k < 3) s.trace = (k + 1).toString(16).padStart(32, 'a');
    specs.push(s);
  }
  for (const s of specs) {
    b.log(plat(s.fn, s.id, s.at, { type: 'start' }));
    b.log(ev(s.fn, s.id, s.at + 1, `handling ${s.id}`));
    if (s.status === 'error') b.log(ev(s.fn, s.id, s.at + 2, `ERROR ${s.msg}`, { level: 'ERROR', failure: { kind: 'error', errorType: 'Error', errorMessage: s.msg } }));
    if (s.status === 'timeout') b.log(ev(s.fn, s.id, s.at + s.dur, 'Task timed out after 3.00 seconds', { failure: { kind: 'timeout' } }));
    b.log(plat(s.fn, s.id, s.at + s.dur, { type: 'end' }));
    b.log(plat(s.fn, s.id, s.at + s.dur + 1, { type: 'report', durationMs: s.dur, initDurationMs: s.cold ? 120 : undefined, traceId: s.trace }));
    if (s.trace) {
      b.span(span(s.trace, `${s.id}root`, undefined, s.at - 5, s.dur + 10, { service: 'apigw', kind: 'server', attributes: { 'http.status_code': s.id === 'r1' ? 500 : 200, 'http.route': '/orders/{id}' } }));
      b.span(span(s.trace, `${s.id}fn`, `${s.id}root`, s.at, s.dur, { service: s.fn, kind: 'server', requestId: s.id, functionName: s.fn }));
      b.span(span(s.trace, `${s.id}db`, `${s.id}fn`, s.at + 10, 20 + Number(s.id.slice(1)) * 5, {
        service: s.fn, kind: 'client', name: 'DynamoDB.PutItem', attributes: { 'rpc.method': 'PutItem', 'db.system': 'dynamodb' },
        remote: { id: 'aws:Orders', type: 'aws', name: 'Orders', service: 'DynamoDB' },
      }));
    }
  }
  return { ds: b.build(), specs };
}

describe('query evaluation on a dataset built in the test', () => {
  const { ds, specs } = builtDataset();
  const ids = (q: string) => runQuery(ds, q).results.map((r) => r.requestId);
  const byStart = (a: Spec, b: Spec) => a.at - b.at;

  it('function glob and duration threshold match an independent filter, in start order', () => {
    const want = specs.filter((s) => s.fn.startsWith('orders-') && s.dur > 200).sort(byStart).map((s) => s.id);
    assert.ok(want.length > 5);
    assert.deepEqual(ids('function:orders-* duration>200ms'), want);
    assert.deepEqual(ids('function:ORDERS-API|users duration>=0.2s'), specs.filter((s) => s.fn !== 'orders-worker' && s.dur >= 200).map((s) => s.id));
  });

  it('duration>p95 keeps what is above its own function\'s p95, slowest first', () => {
    const p95 = new Map(['orders-api', 'orders-worker', 'users'].map((f) => [f, refPercentile(specs.filter((s) => s.fn === f).map((s) => s.dur), 95)]));
    const want = specs.filter((s) => s.dur > p95.get(s.fn)!).sort(byDurationDesc((s) => s.dur, (s) => s.at)).map((s) => s.id);
    assert.ok(want.length >= 3);
    assert.deepEqual(ids('duration>p95 sort:duration desc'), want);
    assert.deepEqual(ids('duration>p95 sort:duration desc limit:2'), want.slice(0, 2));
    const le50 = specs.filter((s) => s.dur <= refPercentile(specs.filter((x) => x.fn === s.fn).map((x) => x.dur), 50)).map((s) => s.id);
    assert.deepEqual(ids('duration<=p50'), le50);
  });

  it('p95>X returns the invocations of functions whose p95 is above X', () => {
    const p95 = (f: string) => refPercentile(specs.filter((s) => s.fn === f).map((s) => s.dur), 95);
    const cut = (p95('users') + p95('orders-api')) / 2;
    assert.ok(p95('users') > cut && p95('orders-api') < cut);
    const want = specs.filter((s) => p95(s.fn) > cut).map((s) => s.id);
    assert.deepEqual(ids(`p95>${cut.toFixed(3)}ms`), want);
  });

  it('status, cold start, text, negation and OR', () => {
    assert.deepEqual(ids('status:error'), specs.filter((s) => s.status === 'error').map((s) => s.id));
    assert.deepEqual(ids('status:timeout'), ['r40']);
    assert.deepEqual(ids('coldstart:true'), specs.filter((s) => s.cold).map((s) => s.id));
    assert.deepEqual(ids('-coldstart:true function:users'), specs.filter((s) => !s.cold && s.fn === 'users').map((s) => s.id));
    assert.deepEqual(ids('"CONNECTION reset"'), specs.filter((s) => s.msg).map((s) => s.id));
    assert.deepEqual(ids('timed'), ['r40']);
    assert.deepEqual(ids('status:timeout OR (coldstart:true function:users)'), specs.filter((s) => s.status === 'timeout' || (s.cold && s.fn === 'users')).map((s) => s.id));
  });

  it('trace (either id form) and request', () => {
    const t = specs[1].trace!;
    assert.deepEqual(ids(`trace:${t}`), ['r1']);
    assert.deepEqual(ids(`trace:1-${t.slice(0, 8)}-${t.slice(8)}`), ['r1']);
    assert.deepEqual(ids('request:r7'), ['r7']);
    assert.deepEqual(ids('request:nope'), []);
    const r = runQuery(ds, 'request:r1').results[0];
    assert.equal(r.spanId, 'r1fn', 'an invocation result selects its own span');
    assert.equal(r.traceId, t);
  });

  it('since is relative to the latest timestamp in the data, until takes ISO times', () => {
    const latest = Math.max(...specs.map((s) => s.at + s.dur + 1));
    assert.deepEqual(ids('since:10m'), specs.filter((s) => s.at >= latest - 600_000).map((s) => s.id));
    const iso = new Date(T0 + 30 * 60_000).toISOString();
    assert.deepEqual(ids(`until:${iso}`), specs.filter((s) => s.at <= T0 + 30 * 60_000).map((s) => s.id));
    assert.equal(runQuery(ds, 'since:1h').nowMs, latest);
  });

  it('sorts by start and function, limits and reports truncation', () => {
    const r = runQuery(ds, 'sort:start desc limit:5');
    assert.deepEqual(r.results.map((x) => x.requestId), specs.slice(-5).reverse().map((s) => s.id));
    assert.equal(r.truncated, true);
    assert.equal(runQuery(ds, 'function:users').truncated, false);
    const fnOrder = runQuery(ds, 'sort:function').results.map((x) => x.function);
    assert.deepEqual(fnOrder, [...fnOrder].sort());
    assert.deepEqual(ids('sort:duration asc limit:3'), [...specs].sort((a, b) => a.dur - b.dur || a.at - b.at).slice(0, 3).map((s) => s.id));
  });

  it('result fields of an invocation', () => {
    const [r] = runQuery(ds, 'request:r5').results;
    const s = specs[5];
    assert.deepEqual(
      { kind: r.kind, fn: r.function, start: r.start, d: r.durationMs, cold: r.coldStart, st: r.status, msg: r.errorMessage },
      { kind: 'invocation', fn: s.fn, start: s.at, d: s.dur, cold: false, st: 'error', msg: s.msg });
  });

  it('span queries: kind inferred from span-only fields, attributes, group percentiles by called service', () => {
    const spans = ds.spans;
    const db = runQuery(ds, 'service:DynamoDB operation:PutItem');
    assert.equal(db.kind, 'span');
    assert.deepEqual(db.results.map((r) => r.spanId), spans.filter((s) => s.name === 'DynamoDB.PutItem').sort((a, b) => a.startMs - b.startMs).map((s) => s.spanId));
    assert.deepEqual(runQuery(ds, 'attr.http.status_code>=500').results.map((r) => r.spanId), ['r1root']);
    assert.deepEqual(runQuery(ds, 'attr.http.route~ORDERS').results.length, 3);
    assert.deepEqual(runQuery(ds, 'attr.http.status_code!=500').results.map((r) => r.spanId), ['r0root', 'r2root']);
    const dbP95 = refPercentile(spans.filter((s) => s.name === 'DynamoDB.PutItem').map((s) => s.durationMs), 95);
    assert.equal(runQuery(ds, `service:DynamoDB p95>${(dbP95 - 0.5).toFixed(3)}ms`).results.length, 3);
    assert.equal(runQuery(ds, `service:DynamoDB p95>${(dbP95 + 0.5).toFixed(3)}ms`).results.length, 0);
    const own = runQuery(ds, 'kind:span function:orders-api');
    assert.deepEqual(own.results.map((r) => r.spanId), ['r0fn', 'r0db']);
    assert.equal(runQuery(ds, 'kind:span request:r1').results[0].spanId, 'r1fn');
  });

  it('the empty query returns every invocation', () => {
    assert.equal(runQuery(ds, '').results.length, specs.length);
  });
});

describe('query evaluation on the shared fixtures (span data)', function () {
  this.timeout(30000);
  let ds: Dataset;
  before(async () => { ds = await loadPaths([FIXTURES]); });

  // Ties in start time are ordered by the engine's item order: compare members, then the order of starts.
  const spanIds = (q: string) => {
    const rs = runQuery(ds, q).results;
    for (let i = 1; i < rs.length; i++) assert.ok(rs[i - 1].start <= rs[i].start || q.includes('sort:'), `${q}: start order`);
    return rs.map((r) => `${r.traceId}/${r.spanId}`).sort();
  };
  const key = (s: Span) => `${s.traceId}/${s.spanId}`;

  it('duration thresholds, services and errors match independent filtering', () => {
    assert.ok(ds.spans.length > 1000);
    assert.deepEqual(spanIds('kind:span duration>100ms'), ds.spans.filter((s) => s.durationMs > 100).map(key).sort());
    const svc = ds.spans.find((s) => s.service.includes('frontend'))?.service ?? ds.spans[0].service;
    assert.deepEqual(spanIds(`kind:span service:"${svc}" -duration<1ms`),
      ds.spans.filter((s) => (s.service.toLowerCase() === svc.toLowerCase() || (['client', 'producer'].includes(s.kind) && (s.remote?.service ?? s.remote?.name ?? '').toLowerCase() === svc.toLowerCase())) && !(s.durationMs < 1)).map(key).sort());
    const errors = ds.spans.filter((s) => s.status === 'error' && !ds.invocations.length);
    assert.deepEqual(spanIds('kind:span status:error sort:start'), ds.spans.filter((s) => s.status === 'error').map(key).sort());
    assert.ok(errors.length >= 0);
  });

  it('kind:span duration>p95 sort:duration desc limit:20 matches an independent per-(service, operation) computation', () => {
    const svcOf = (s: Span) => ((s.kind === 'client' || s.kind === 'producer') && s.remote ? s.remote.service ?? s.remote.name : s.service);
    const opOf = (s: Span) => { const m = s.attributes['rpc.method'] ?? s.attributes['xray.aws.operation']; return typeof m === 'string' && m ? m : s.name; };
    const groups = new Map<string, number[]>();
    for (const s of ds.spans) { const k = `${svcOf(s)}|${opOf(s)}`; (groups.get(k) ?? groups.set(k, []).get(k)!).push(s.durationMs); }
    const p95 = new Map([...groups].map(([k, v]) => [k, refPercentile(v, 95)]));
    const want = ds.spans.filter((s) => s.durationMs > p95.get(`${svcOf(s)}|${opOf(s)}`)!)
      .sort(byDurationDesc((s: Span) => s.durationMs, (s) => s.startMs)).slice(0, 20);
    const got = runQuery(ds, 'kind:span duration>p95 sort:duration desc limit:20').results;
    assert.deepEqual(got.map((r) => r.durationMs), want.map((s) => s.durationMs));
    assert.deepEqual(new Set(got.map((r) => `${r.traceId}/${r.spanId}`)), new Set(want.map(key)));
  });

  it('a trace by id returns all its spans; attributes compare as numbers', () => {
    const t = ds.traces.find((x) => x.nodes.length > 10)!;
    assert.deepEqual(spanIds(`kind:span trace:${t.traceId}`), t.nodes.map((n) => key(n.span)).sort());
    const withStatus = ds.spans.filter((s) => typeof s.attributes['http.status_code'] === 'number' && (s.attributes['http.status_code'] as number) >= 400);
    const numeric = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
    const want = ds.spans.filter((s) => { const v = s.attributes['http.status_code'] ?? s.resourceAttributes?.['http.status_code']; return v !== undefined && v !== null && numeric(v) >= 400; });
    assert.deepEqual(spanIds('attr.http.status_code>=400'), want.map(key).sort());
    assert.ok(want.length >= withStatus.length);
  });

  it('invocations of the CloudWatch fixtures: cold start and function', () => {
    const cold = ds.invocations.filter((i) => i.coldStart).map((i) => i.requestId);
    assert.ok(cold.length >= 1);
    assert.deepEqual(runQuery(ds, 'kind:invocation coldstart:true').results.map((r) => r.requestId), cold);
    assert.deepEqual(runQuery(ds, 'kind:invocation function:hello-dog*').results.map((r) => r.function), ds.invocations.filter((i) => i.functionName.startsWith('hello-dog')).map((i) => i.functionName));
  });
});

describe('query evaluation: ties', () => {
  it('orders equal durations by start whichever path runs (walk with a limit or sort of candidates)', () => {
    const b = new DatasetBuilder();
    const durs = [100, 300, 300, 300, 50, 300, 200];
    durs.forEach((d, k) => {
      const at = Date.UTC(2024, 0, 1) + (durs.length - k) * 1000; // later items start earlier
      b.log({ timestampMs: at, message: 'START', kind: 'platform', requestId: `q${k}`, functionName: 'f', logGroup: '/aws/lambda/f', logStream: 's', format: 'lambda-text', origin: { file: 't', line: k * 2 + 1 }, platform: { type: 'start' } });
      b.log({ timestampMs: at + d, message: 'REPORT', kind: 'platform', requestId: `q${k}`, functionName: 'f', logGroup: '/aws/lambda/f', logStream: 's', format: 'lambda-text', origin: { file: 't', line: k * 2 + 2 }, platform: { type: 'report', durationMs: d } });
    });
    const ds = b.build();
    const want = ds.invocations.slice().sort((a, c) => (c.durationMs! - a.durationMs!) || a.startMs - c.startMs).map((i) => i.requestId);
    for (const q of ['sort:duration desc', 'sort:duration desc limit:2', 'sort:duration desc limit:4', 'function:f sort:duration desc limit:3']) {
      const n = /limit:(\d)/.exec(q)?.[1];
      assert.deepEqual(runQuery(ds, q).results.map((r) => r.requestId), n ? want.slice(0, Number(n)) : want, q);
    }
    const asc = ds.invocations.slice().sort((a, c) => (a.durationMs! - c.durationMs!) || a.startMs - c.startMs).map((i) => i.requestId);
    assert.deepEqual(runQuery(ds, 'sort:duration asc limit:5').results.map((r) => r.requestId), asc.slice(0, 5));
  });
});

describe('query index: argsort', () => {
  it('orders float keys like a comparator sort (negatives, -0, NaN last, ties by index)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const lists: number[][] = [[], [1], [0, -0, -1, NaN, Infinity, -Infinity, 5e-324, -5e-324, 1e300, 2, 2, 2, NaN, 0]];
    lists.push(Array.from({ length: 5000 }, () => (rnd() < 0.1 ? -Math.floor(rnd() * 50) : Math.floor(rnd() * 1500) / 7 + 1.7e12 * (rnd() < 0.5 ? 1 : 0))));
    for (const l of lists) {
      const key = Float64Array.from(l);
      const clean = (v: number) => (Number.isNaN(v) ? Infinity : v);
      const want = l.map((_, i) => i).sort((a, b) => (clean(key[a]) === clean(key[b]) ? a - b : clean(key[a]) < clean(key[b]) ? -1 : 1));
      assert.deepEqual(Array.from(argsort(key)), want, `length ${l.length}`);
    }
  });
});
