import * as assert from 'assert';
import type { Dataset } from '../../src/core/dataset';
import type { LogEvent } from '../../src/core/model';
import { alignLogLines, logTemplate } from '../../src/core/compare';
import { ExplorerController } from '../../src/extension/explorer/logic/controller';
import { MAX_LOG_TEXT } from '../../src/extension/explorer/logic/logPairs';
import { HostMessage, toHost } from '../../src/protocol/messages';
import { EXPLORER_PROTOCOL } from '../../src/protocol/validate';
import { makeTrace, T0 } from './explorer.fixtures';

/** Rows as `a-text | b-text` ('' for a gap) with `=` or `~` (same statement or changed), for readable expectations. */
function rows(a: string[], b: string[], lookahead?: number): string[] {
  const al = alignLogLines(a.map(logTemplate), b.map(logTemplate), lookahead);
  const out: string[] = [];
  for (let r = 0; r < al.length; r++) out.push(`${al.a[r] >= 0 ? a[al.a[r]] : ''} ${al.same[r] ? '=' : '~'} ${al.b[r] >= 0 ? b[al.b[r]] : ''}`);
  return out;
}

describe('compare: log lines of two spans side by side', () => {
  it('folds ids, times and numbers out of a line\'s template', () => {
    assert.strictEqual(logTemplate('order 41d9a0e2-5a7c-4a8e-9f00-0123456789ab took 12.5 ms  \n'), 'order # took # ms');
    assert.strictEqual(logTemplate('2026-12-02T06:51:20.123Z\tc0ffee12deadbeef\tINFO\tsaved'), '#-#-#T#:#:#Z\t#\tINFO\tsaved');
    assert.strictEqual(logTemplate('no digits here'), 'no digits here');
    // A word made of hex letters only is a word, not an id.
    assert.strictEqual(logTemplate('cafebabe deadbeef'), 'cafebabe deadbeef');
  });

  it('pairs the same statements of two invocations row by row, ids and durations aside', () => {
    const a = ['START RequestId: 11111111-2222-4333-8444-555555555555', 'loading order 17', 'saved in 12 ms', 'END RequestId: 11111111-2222-4333-8444-555555555555'];
    const b = ['START RequestId: aaaaaaaa-2222-4333-8444-555555555555', 'loading order 9031', 'saved in 340 ms', 'END RequestId: aaaaaaaa-2222-4333-8444-555555555555'];
    assert.deepStrictEqual(rows(a, b).map((r) => r.split(' ').find((x) => x === '=' || x === '~')), ['=', '=', '=', '=']);
  });

  it('puts a line only B wrote (a retry) opposite a gap, and lines after it back in step', () => {
    const a = ['start', 'GetItem ok', 'PutItem ok', 'done'];
    const b = ['start', 'GetItem ok', 'PutItem throttled, retry 1', 'PutItem throttled, retry 2', 'PutItem ok', 'done'];
    assert.deepStrictEqual(rows(a, b), [
      'start = start', 'GetItem ok = GetItem ok',
      ' ~ PutItem throttled, retry 1', ' ~ PutItem throttled, retry 2',
      'PutItem ok = PutItem ok', 'done = done',
    ]);
  });

  it('puts a line only A wrote opposite a gap', () => {
    assert.deepStrictEqual(rows(['start', 'cache miss', 'done'], ['start', 'done']), ['start = start', 'cache miss ~ ', 'done = done']);
  });

  it('faces two different lines as a changed pair when neither reappears nearby', () => {
    assert.deepStrictEqual(rows(['start', 'status ok', 'done'], ['start', 'status: Unauthorized', 'done']),
      ['start = start', 'status ok ~ status: Unauthorized', 'done = done']);
  });

  it('keeps every line of each side, in order, when one side is empty or the sides share nothing', () => {
    assert.deepStrictEqual(rows([], ['x', 'y']), [' ~ x', ' ~ y']);
    assert.deepStrictEqual(rows(['x'], []), ['x ~ ']);
    const a = Array.from({ length: 300 }, (_, i) => `a line ${String.fromCharCode(97 + (i % 26))}`);
    const b = Array.from({ length: 200 }, (_, i) => `b line ${String.fromCharCode(97 + (i % 26))}`);
    const al = alignLogLines(a.map(logTemplate), b.map(logTemplate));
    assert.deepStrictEqual([...al.a].filter((i) => i >= 0), a.map((_, i) => i));
    assert.deepStrictEqual([...al.b].filter((i) => i >= 0), b.map((_, i) => i));
  });

  it('finds a counterpart only within the look-ahead', () => {
    const a = ['x', 'done'];
    const b = ['y1', 'y2', 'y3', 'x', 'done'];
    assert.deepStrictEqual(rows(a, b, 8), [' ~ y1', ' ~ y2', ' ~ y3', 'x = x', 'done = done']);
    // With a look-ahead of 1, x is too far: x and y1 face each other as changed.
    assert.strictEqual(rows(a, b, 1)[0], 'x ~ y1');
  });
});

describe('explorer controller: getLogPairs', () => {
  const line = (t: number, message: string, level?: LogEvent['level'], timeUnknown = false): LogEvent =>
    ({ timestampMs: timeUnknown ? 0 : T0 + t, timeUnknown: timeUnknown || undefined, message, kind: 'app', level, format: 'cloudwatch-export', origin: { file: 'logs.json', line: 1 } } as LogEvent);
  const many = Array.from({ length: 250 }, (_, i) => line(22 + i * 0.1, `row ${i}`, 'DEBUG'));
  const A = makeTrace([{ id: 'ra', start: 0, dur: 100 }, { id: 'pa', parent: 'ra', name: 'PutItem', start: 20, dur: 10,
    logs: [line(21, 'put order 1', 'INFO'), line(25, 'saved in 4 ms', 'INFO'), line(0, 'no time on this line', undefined, true)] }], 'a'.repeat(32));
  const B = makeTrace([{ id: 'rb', start: 0, dur: 400 }, { id: 'pb', parent: 'rb', name: 'PutItem', start: 20, dur: 300,
    logs: [line(21, 'put order 2', 'INFO'), line(120, 'throttled, retry 1', 'WARN'), line(310, 'saved in 290 ms', 'INFO'), line(311, `<img src=x onerror=alert(1)> ${'x'.repeat(MAX_LOG_TEXT + 10)}`, 'ERROR'), ...many] }], 'b'.repeat(32));

  function setup() {
    const traces = [A, B];
    const ds = { traces, traceById: new Map(traces.map((t) => [t.traceId, t])), spans: [], invocations: [] } as unknown as Dataset;
    const posted: HostMessage[] = [];
    const c = new ExplorerController(() => ({ dataset: ds, sourceLabel: 'Test', loading: false, version: 1 }), {
      post: (m) => posted.push(m), openSource: () => undefined, openLocation: () => undefined, log: () => undefined,
    });
    c.handle(toHost({ type: 'ready' }));
    const ask = (offset: number, limit: number, a = { traceId: A.traceId, spanId: 'pa' }) => {
      c.handle(toHost({ type: 'getLogPairs', requestId: 9, a, b: { traceId: B.traceId, spanId: 'pb' }, offset, limit }));
      const m = posted.pop()!;
      assert.ok(EXPLORER_PROTOCOL.fromHost(m).ok, `a valid host message: ${JSON.stringify(m).slice(0, 200)}`);
      assert.strictEqual(m.type, 'logPairs');
      return (m as Extract<HostMessage, { type: 'logPairs' }>).pairs;
    };
    return { ask };
  }

  it('sends a window of the aligned lines, times relative to each span\'s start', () => {
    const { ask } = setup();
    const p = ask(0, 5);
    assert.deepStrictEqual([p.total, p.aCount, p.bCount, p.offset, p.same.length], [4 + 250, 3, 254, 0, 5]);
    assert.deepStrictEqual(p.aLines.text, ['put order 1', '', 'saved in 4 ms', 'no time on this line', '']);
    assert.deepStrictEqual(p.bLines.text.slice(0, 3), ['put order 2', 'throttled, retry 1', 'saved in 290 ms']);
    assert.deepStrictEqual(p.same, [1, 0, 1, 0, 0]);
    assert.deepStrictEqual(p.aLines.t, [1, null, 5, null, null]);
    assert.deepStrictEqual(p.bLines.t.slice(0, 3), [1, 100, 290]);
    assert.deepStrictEqual(p.bLines.level.slice(0, 4), ['INFO', 'WARN', 'INFO', 'ERROR']);
    assert.deepStrictEqual(p.aLines.index, [0, -1, 1, 2, -1]);
    // Text stays text (the webview renders it with textContent), cut past the limit.
    assert.ok(p.bLines.text[3].startsWith('<img src=x onerror=alert(1)>'));
    assert.strictEqual(p.bLines.text[3].length, MAX_LOG_TEXT + 1);
  });

  it('pages on: the next window starts where the last one ended, the last one is short', () => {
    const { ask } = setup();
    const first = ask(0, 200);
    const next = ask(200, 200);
    assert.strictEqual(first.bLines.text.length, 200);
    assert.strictEqual(next.offset, 200);
    assert.strictEqual(next.bLines.text.length, first.total - 200);
    assert.strictEqual(next.bLines.text[next.bLines.text.length - 1], 'row 249');
    assert.strictEqual(ask(10_000, 10).same.length, 0);
  });

  it('answers for the typical trace (no real spans) with B\'s lines alone', () => {
    const { ask } = setup();
    const p = ask(0, 1000, { traceId: '', spanId: '' });
    assert.strictEqual(p.aCount, 0);
    assert.strictEqual(p.total, 254);
    assert.ok(p.aLines.index.every((i) => i === -1));
  });
});
