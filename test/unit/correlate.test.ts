import { strict as assert } from 'assert';
import { DatasetBuilder } from '../../src/core/correlate/builder';
import type { LogEvent, PlatformRecord, Span } from '../../src/core/model';

const FILE = 'mem.json';
let line = 0;

function span(traceId: string, spanId: string, parent: string | undefined, startMs: number, durationMs: number, extra: Partial<Span> = {}): Span {
  return {
    traceId, spanId, parentSpanId: parent, name: `op-${spanId}`, service: extra.service ?? 'svc', kind: 'internal',
    startMs, durationMs, status: 'unset', attributes: {}, events: [], links: [], exceptions: [],
    format: 'otlp', origin: { file: FILE, line: ++line }, ...extra,
  };
}

function log(requestId: string | undefined, ts: number, message: string, extra: Partial<LogEvent> = {}): LogEvent {
  return { timestampMs: ts, message, kind: 'runtime', requestId, logGroup: '/aws/lambda/fn', logStream: 's1', functionName: 'fn', format: 'lambda-text', origin: { file: FILE, line: ++line }, ...extra };
}

function platform(requestId: string, ts: number, p: PlatformRecord): LogEvent {
  return log(requestId, ts, p.type.toUpperCase(), { kind: 'platform', platform: p });
}

describe('correlation', () => {
  it('builds invocations from START/END/REPORT and joins them to the span carrying the request id', () => {
    const b = new DatasetBuilder();
    const tid = '5e61292ccc1229a4dfbeae1043928548';
    b.log(platform('r1', 1000, { type: 'start', version: '$LATEST' }));
    b.log(log('r1', 1010, 'hello'));
    b.log(log(undefined, 1020, 'no request id, same stream'));
    b.log(platform('r1', 1100, { type: 'end' }));
    b.log(platform('r1', 1101, { type: 'report', durationMs: 100, billedDurationMs: 100, memorySizeMb: 128, maxMemoryUsedMb: 60, initDurationMs: 200, traceId: tid }));
    b.span(span(tid, 'a', undefined, 990, 120, { service: 'apigw' }));
    b.span(span(tid, 'b', 'a', 1000, 100, { kind: 'server', requestId: 'r1', functionName: 'fn', service: 'fn' }));
    b.span(span(tid, 'c', 'b', 1030, 20, { kind: 'client', service: 'fn' }));
    const ds = b.build();
    const s = ds.summary();
    assert.equal(s.invocations, 1);
    assert.equal(s.joinedInvocations, 1);
    assert.equal(s.coldStarts, 1);
    const inv = ds.invocationByRequestId.get('r1')!;
    assert.equal(inv.durationMs, 100);
    assert.equal(inv.initDurationMs, 200);
    assert.equal(inv.startMs, 1000);
    assert.equal(inv.endMs, 1100);
    assert.equal(inv.logs.length, 5, 'the line without request id is attached through its log stream');
    const trace = ds.traceById.get(tid)!;
    assert.deepEqual(trace.nodes.map((n) => n.span.spanId), ['a', 'b', 'c']);
    const b1 = trace.nodes[1];
    assert.equal(b1.invocation, inv);
    assert.equal(b1.logs.length, 5);
    assert.equal(ds.traceOf(inv), trace);
  });

  it('keeps orphans as marked roots, marks clock skew, cuts cycles, and counts duplicates', () => {
    const b = new DatasetBuilder();
    const t = '0'.repeat(31) + '1';
    b.span(span(t, 'root', undefined, 100, 50));
    b.span(span(t, 'skew', 'root', 90, 5));          // starts before its parent
    b.span(span(t, 'orph', 'missing', 120, 5));      // parent never seen
    b.span(span(t, 'x', 'y', 130, 5));               // x <-> y cycle
    b.span(span(t, 'y', 'x', 131, 5));
    b.span(span(t, 'root', undefined, 100, 50, { attributes: { extra: 'from the repeat' } })); // a repeat
    const ds = b.build();
    const trace = ds.traceById.get(t)!;
    assert.equal(trace.nodes.length, 5, 'every distinct span is in the tree');
    const byId = new Map(trace.nodes.map((n) => [n.span.spanId, n]));
    assert.equal(byId.get('orph')!.orphan, true);
    assert.equal(byId.get('skew')!.skewed, true);
    assert.equal(byId.get('root')!.orphan, false);
    const s = ds.summary();
    assert.equal(s.cycles, 1);
    assert.equal(s.duplicateSpans, 1);
    assert.equal(s.spanRecords, 6);
    assert.deepEqual(s.skipped, {}, 'a repeated span is merged, not skipped');
    assert.equal(byId.get('root')!.span.attributes.extra, 'from the repeat', 'the repeat completes the first record');
  });

  it('takes timing from a later fragment when the first record had none', () => {
    const b = new DatasetBuilder();
    const t = '0'.repeat(31) + '2';
    b.span(span(t, 'f', undefined, 0, 0, { name: 'fragment' }));
    b.span(span(t, 'f', undefined, 500, 20, { name: 'post', kind: 'server' }));
    const n = b.build().traceById.get(t)!.nodes[0];
    assert.deepEqual([n.span.startMs, n.span.durationMs, n.span.name, n.span.kind], [500, 20, 'post', 'server']);
  });

  it('derives timeout, crash and error status with the error details', () => {
    const b = new DatasetBuilder();
    b.log(platform('t', 0, { type: 'start' }));
    b.log(log('t', 6000, 'Task timed out after 6.00 seconds', { failure: { kind: 'timeout' } }));
    b.log(platform('t', 6001, { type: 'report', durationMs: 6000, status: 'timeout' }));
    b.log(platform('c', 7000, { type: 'start' }));
    b.log(log('c', 7010, 'Runtime exited', { failure: { kind: 'crash', errorType: 'Runtime.ExitError' } }));
    b.log(platform('e', 8000, { type: 'start' }));
    b.log(log('e', 8010, 'boom', { failure: { kind: 'error', errorType: 'TypeError', errorMessage: 'x is undefined' } }));
    const ds = b.build();
    assert.equal(ds.invocationByRequestId.get('t')!.status, 'timeout');
    assert.equal(ds.invocationByRequestId.get('c')!.status, 'crash');
    const e = ds.invocationByRequestId.get('e')!;
    assert.equal(e.status, 'error');
    assert.equal(e.errorType, 'TypeError');
    assert.equal(e.errorMessage, 'x is undefined');
    const f = ds.functions.find((x) => x.name === 'fn')!;
    assert.deepEqual([f.invocations, f.errors, f.timeouts, f.crashes], [3, 3, 1, 1]);
    assert.equal(ds.summary().timeouts, 1);
    assert.equal(ds.summary().joinedInvocations, 0, 'invocations with no trace stay unjoined, not dropped');
  });
});
