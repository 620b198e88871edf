// Lambda log lines exactly as CloudWatch Logs stores them, in the log style of each function.
import type { AttrValue } from '../model';
import { iso, nodeStack, pythonFrames, pythonTraceback, runtimeVersionArn } from './format';
import { FUNCTION_CONFIG, REGION, functionArn } from './scenario';
import type { SimInvocation, SimLog, SimTrace } from './simTypes';

export interface LogLine {
  ts: number;
  message: string;
}

const PYTHON_UNHANDLED_WARNING =
  'LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare cases, ' +
  'a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes, runtime updates ' +
  'can be triggered by a function change, or can be applied automatically. To determine if the runtime has been updated, ' +
  'check the runtime version in the INIT_START log entry. If this error correlates with a change in the runtime version, ' +
  'you may be able to mitigate this error by temporarily rolling back to the previous runtime version. For more ' +
  'information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r';

/** Every CloudWatch event one invocation writes, in order. */
export function invocationLogLines(tr: SimTrace, inv: SimInvocation): LogLine[] {
  return inv.logStyle === 'python-json' ? jsonFormatLines(tr, inv) : textFormatLines(tr, inv);
}

function segmentId(tr: SimTrace, inv: SimInvocation): string {
  // X-Ray traces name Lambda's own AWS::Lambda segment; aws/spans traces the function's server span.
  return tr.asXray ? inv.lambdaSegmentId : inv.serverSpanId;
}

function billedMs(inv: SimInvocation): number {
  // Since August 2025 the Init phase of on-demand functions is billed too.
  return Math.ceil(inv.end - inv.start + (inv.initDurationMs ?? 0));
}

function textFormatLines(tr: SimTrace, inv: SimInvocation): LogLine[] {
  const cfg = FUNCTION_CONFIG[inv.fn];
  const out: LogLine[] = [];
  if (inv.cold && inv.initStart !== undefined) {
    out.push({
      ts: inv.initStart,
      message: `INIT_START Runtime Version: ${cfg.runtimeVersion}\tRuntime Version ARN: ${runtimeVersionArn(REGION, cfg.runtimeVersion)}\n`,
    });
  }
  out.push({ ts: inv.start, message: `START RequestId: ${inv.requestId} Version: $LATEST\n` });
  for (const log of inv.logs) out.push(...appLines(tr, inv, log));
  if (inv.status === 'timeout') {
    out.push({ ts: inv.end, message: `${iso(inv.end)} ${inv.requestId} ${inv.errorMessage}\n` });
  }
  if (inv.status === 'crash') {
    out.push({ ts: inv.end, message: `RequestId: ${inv.requestId} Error: ${inv.errorMessage}\n${inv.errorType}\n` });
  }
  out.push({ ts: inv.end, message: `END RequestId: ${inv.requestId}\n` });
  const duration = inv.status === 'timeout' ? cfg.timeoutMs : inv.end - inv.start;
  let report = `REPORT RequestId: ${inv.requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${billedMs(inv)} ms\t` +
    `Memory Size: ${cfg.memoryMb} MB\tMax Memory Used: ${inv.maxMemoryUsedMb} MB\t`;
  if (inv.initDurationMs !== undefined) report += `Init Duration: ${inv.initDurationMs.toFixed(2)} ms\t`;
  if (inv.status === 'timeout') report += 'Status: timeout\t';
  if (inv.status === 'crash') report += `Status: error\tError Type: ${inv.errorType}\t`;
  report += `\nXRAY TraceId: ${tr.xrayTraceId}\tSegmentId: ${segmentId(tr, inv)}\tSampled: ${tr.sampled}\t\n`;
  out.push({ ts: inv.end, message: report });
  return out;
}

function appLines(tr: SimTrace, inv: SimInvocation, log: SimLog): LogLine[] {
  const ts = log.ts;
  switch (inv.logStyle) {
    case 'node-text':
      if (log.unhandled) {
        const err = log.unhandled;
        const body = JSON.stringify({ errorType: err.type, errorMessage: err.message, name: err.type, stack: nodeStack(err) });
        return [{ ts, message: `${iso(ts)}\t${inv.requestId}\tERROR\tInvoke Error \t${body}\n` }];
      }
      return [{ ts, message: `${iso(ts)}\t${inv.requestId}\t${log.level}\t${log.message}\n` }];
    case 'python-text':
      if (log.unhandled) {
        const err = log.unhandled;
        return [
          { ts, message: `${PYTHON_UNHANDLED_WARNING}\n` },
          { ts, message: `[ERROR] ${err.type}: ${err.message}\n${pythonTraceback(err).replace(/\n[^\n]*$/, '')}\n` },
        ];
      }
      return [{ ts, message: `[${log.level}]\t${iso(ts)}\t${inv.requestId}\t${log.message}\n` }];
    case 'powertools':
      return [{ ts, message: `${JSON.stringify(powertoolsRecord(tr, inv, log))}\n` }];
    case 'python-json':
      return [{ ts, message: JSON.stringify(pythonJsonRecord(inv, log)) }];
  }
}

/** AWS Lambda Powertools for TypeScript Logger output (it writes JSON straight to stdout). */
function powertoolsRecord(tr: SimTrace, inv: SimInvocation, log: SimLog): Record<string, AttrValue> {
  const cfg = FUNCTION_CONFIG[inv.fn];
  return {
    level: log.level, message: log.message, timestamp: iso(log.ts), service: 'billing', cold_start: inv.cold,
    function_arn: functionArn(inv.fn), function_memory_size: cfg.memoryMb, function_name: inv.fn,
    function_request_id: inv.requestId, sampling_rate: 0, xray_trace_id: tr.xrayTraceId, ...log.fields,
  };
}

/** Python app records in the Lambda JSON log format; unhandled errors as the runtime reports them. */
function pythonJsonRecord(inv: SimInvocation, log: SimLog): Record<string, AttrValue> {
  if (log.unhandled) {
    const err = log.unhandled;
    return {
      timestamp: iso(log.ts), log_level: 'ERROR', errorMessage: err.message, errorType: err.type,
      requestId: inv.requestId, stackTrace: pythonFrames(err),
    };
  }
  return { timestamp: iso(log.ts), level: log.level, message: log.message, logger: 'root', requestId: inv.requestId };
}

/** Lambda JSON log format: platform.* records instead of START/END/REPORT. */
function jsonFormatLines(tr: SimTrace, inv: SimInvocation): LogLine[] {
  const cfg = FUNCTION_CONFIG[inv.fn];
  const tracing = {
    spanId: inv.serverSpanId, type: 'X-Amzn-Trace-Id',
    value: `Root=${tr.xrayTraceId};Parent=${segmentId(tr, inv)};Sampled=${tr.sampled ? 1 : 0}`,
  };
  const out: LogLine[] = [];
  const rec = (ts: number, type: string, record: Record<string, AttrValue>) =>
    out.push({ ts, message: JSON.stringify({ time: iso(ts), type, record }) });
  if (inv.cold && inv.initStart !== undefined) {
    rec(inv.initStart, 'platform.initStart', {
      initializationType: 'on-demand', phase: 'init', runtimeVersion: cfg.runtimeVersion,
      runtimeVersionArn: runtimeVersionArn(REGION, cfg.runtimeVersion), functionName: inv.fn, functionVersion: '$LATEST',
    });
  }
  rec(inv.start, 'platform.start', { requestId: inv.requestId, version: '$LATEST', tracing });
  for (const log of inv.logs) out.push(...appLines(tr, inv, log));
  const metrics: Record<string, AttrValue> = {
    durationMs: round2(inv.end - inv.start), billedDurationMs: billedMs(inv), memorySizeMB: cfg.memoryMb,
    maxMemoryUsedMB: inv.maxMemoryUsedMb,
  };
  if (inv.initDurationMs !== undefined) metrics.initDurationMs = round2(inv.initDurationMs);
  const status = inv.status === 'ok' ? 'success' : inv.status === 'crash' ? 'failure' : inv.status;
  const report: Record<string, AttrValue> = { requestId: inv.requestId, metrics, tracing, status };
  if (inv.status !== 'ok' && inv.errorType) report.errorType = inv.errorType;
  rec(inv.end, 'platform.report', report);
  return out;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
