import { strict as assert } from 'assert';
import { translateToInsights, toStartQueryInput } from '../../src/core/query';

// The loopback CloudWatch endpoint of the AWS sources issue can replay `toStartQueryInput(t)` as-is;
// these tests pin the generated Insights text.
const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const DURATION = 'coalesce(@duration, record.metrics.durationMs)';
const FIELDS = `fields @timestamp, @log, @logStream, @message, coalesce(@requestId, record.requestId, requestId) as invRequestId, ${DURATION} as invDuration, toMillis(@timestamp) - ${DURATION} as invStart`;
/** REPORT rows: the text line, or the JSON log format's platform.report event. */
const REPORT = 'filter @type = "REPORT" or type = "platform.report"';
const COLD = 'ispresent(@initDuration) or ispresent(record.metrics.initDurationMs)';
const sec = (ms: number) => ms / 1000;

describe('Logs Insights translation', () => {
  it('pushes REPORT duration, sort and limit when nothing is left to evaluate locally', () => {
    const t = translateToInsights('duration>800ms sort:duration desc limit:50', { nowMs: NOW });
    assert.equal(t.queryString, `${FIELDS} | ${REPORT} | filter invDuration > 800 | sort invDuration desc | limit 50`);
    assert.equal(t.residual, '');
    assert.equal(t.complete, true);
    assert.deepEqual(t.logGroupPrefixes, ['/aws/lambda/']);
    assert.deepEqual([t.startTime, t.endTime], [sec(NOW - 3_600_000), sec(NOW)], 'default range: the last hour');
  });

  it('maps functions to log groups, expanding globs against known functions', () => {
    const known = ['orders-api', 'orders-worker', 'users'];
    const t = translateToInsights('function:orders-* duration>=1.5s', { nowMs: NOW, functions: known });
    assert.deepEqual(t.logGroups, ['/aws/lambda/orders-api', '/aws/lambda/orders-worker']);
    assert.equal(t.queryString, `${FIELDS} | ${REPORT} | filter invDuration >= 1500 | sort invStart asc | limit 10000`);
    assert.equal(t.residual, '');
    const exact = translateToInsights('function:USERS', { nowMs: NOW, functions: known });
    assert.deepEqual(exact.logGroups, ['/aws/lambda/users'], 'the known spelling is used');
    const unknown = translateToInsights('function:orders-*', { nowMs: NOW });
    assert.deepEqual([unknown.logGroups, unknown.logGroupPrefixes, unknown.residual], [[], ['/aws/lambda/orders-'], 'function:orders-*']);
  });

  it('cold starts via @initDuration (or the JSON initDurationMs), timeouts via "Task timed out", request ids', () => {
    assert.equal(translateToInsights('coldstart:true limit:5', { nowMs: NOW }).queryString,
      `${FIELDS} | ${REPORT} | filter ${COLD} | sort invStart asc | limit 5`);
    assert.equal(translateToInsights('coldstart:false', { nowMs: NOW }).queryString,
      `${FIELDS} | ${REPORT} | filter not ispresent(@initDuration) and not ispresent(record.metrics.initDurationMs) | sort invStart asc | limit 10000`);
    const to = translateToInsights('status:timeout function:pay sort:start desc limit:20', { nowMs: NOW });
    assert.equal(to.queryString, `${FIELDS} | filter @message like /Task timed out/ | sort @timestamp desc | limit 20`);
    assert.deepEqual([to.logGroups, to.residual], [['/aws/lambda/pay'], '']);
    assert.equal(translateToInsights('request:abc-1', { nowMs: NOW }).queryString,
      `${FIELDS} | ${REPORT} | filter invRequestId = "abc-1" | sort invStart asc | limit 10000`);
    // A request id is on every REPORT row, not on every line: with a line condition, the line condition stays local.
    const rl = translateToInsights('request:abc-1 status:timeout', { nowMs: NOW });
    assert.equal(rl.queryString, `${FIELDS} | ${REPORT} | filter invRequestId = "abc-1" | sort invStart asc | limit 10000`);
    assert.equal(rl.residual, 'status:timeout');
  });

  it('errors are a superset in CloudWatch and checked again locally; no limit is pushed then', () => {
    const t = translateToInsights('status:error limit:10', { nowMs: NOW });
    assert.equal(t.queryString, `${FIELDS} | filter @message like /ERROR/ | sort @timestamp asc | limit 10000`);
    assert.equal(t.residual, 'status:error limit:10');
    assert.equal(t.complete, false);
  });

  it('line conditions stay local when REPORT conditions are pushed (one row type per query)', () => {
    const t = translateToInsights('function:orders-api duration>800ms coldstart:true status:error since:1h', { nowMs: NOW });
    assert.equal(t.queryString, `${FIELDS} | ${REPORT} | filter invDuration > 800 | filter ${COLD} | sort invStart asc | limit 10000`);
    assert.equal(t.residual, 'status:error');
    assert.deepEqual(t.logGroups, ['/aws/lambda/orders-api']);
  });

  it('pushes at most one message condition (they may sit on different lines of an invocation)', () => {
    const t = translateToInsights('"connection reset" status:timeout', { nowMs: NOW });
    assert.equal(t.queryString, `${FIELDS} | filter @message like /Task timed out/ | sort @timestamp asc | limit 10000`);
    assert.equal(t.residual, '"connection reset"');
    const text = translateToInsights('"a.b/c"', { nowMs: NOW });
    assert.equal(text.queryString, `${FIELDS} | filter @message like /(?i)a\\.b\\/c/ | sort @timestamp asc | limit 10000`);
  });

  it('relative thresholds, groups, OR and negation are evaluated locally', () => {
    const t = translateToInsights('duration>p95 sort:duration desc limit:10', { nowMs: NOW });
    assert.equal(t.queryString, `${FIELDS} | ${REPORT} | sort invDuration desc | limit 10000`);
    assert.equal(t.residual, 'duration>p95 sort:duration desc limit:10');
    const o = translateToInsights('(status:error OR status:timeout) -coldstart:true p99>2s', { nowMs: NOW });
    assert.equal(o.residual, '(status:error OR status:timeout) -coldstart:true p99>2s');
  });

  it('since/until give the time range: relative to now, or ISO', () => {
    const rel = translateToInsights('since:2h until:30m', { nowMs: NOW });
    assert.deepEqual([rel.startTime, rel.endTime], [sec(NOW - 7_200_000), sec(NOW - 1_800_000)]);
    const abs = translateToInsights('since:2024-04-30T00:00:00Z until:2024-04-30T06:00:00Z', { nowMs: NOW });
    assert.deepEqual([abs.startTime, abs.endTime], [sec(Date.UTC(2024, 3, 30)), sec(Date.UTC(2024, 3, 30, 6))]);
  });

  it('span queries go to aws/spans and are evaluated locally', () => {
    const t = translateToInsights('service:DynamoDB operation:PutItem p95>100ms', { nowMs: NOW });
    assert.deepEqual(t.logGroups, ['aws/spans']);
    assert.equal(t.residual, 'service:DynamoDB operation:PutItem p95>100ms');
  });

  it('the StartQuery hook carries the translation unchanged', () => {
    const t = translateToInsights('function:a duration>1s', { nowMs: NOW });
    assert.deepEqual(toStartQueryInput(t), { logGroupNames: ['/aws/lambda/a'], queryString: t.queryString, startTime: t.startTime, endTime: t.endTime });
  });
});
