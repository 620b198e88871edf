// OTLP/JSON log records (`resourceLogs`), as the OTLP receiver writes them and the Collector's file exporter does:
// each record becomes a log event with its trace and span ids, level, request id and function name.
import type { LogEvent, LogLevel } from '../model';
import { normalizeSpanId, normalizeTraceId } from '../ids';
import type { JsonReader, ReadContext } from './types';
import { anyValue, functionNameFromAttributes, isRecord, keyValueList, nanosToMs, requestIdFromAttributes, strAttr } from './attrs';

export const otlpLogsReader: JsonReader = {
  format: 'otlp',
  matches(value: unknown): boolean {
    return isRecord(value) && Array.isArray(value.resourceLogs);
  },
  read(value: unknown, ctx: ReadContext): void {
    if (!isRecord(value) || !Array.isArray(value.resourceLogs)) return;
    value.resourceLogs.forEach((rl, i) => {
      const path = `resourceLogs[${i}]`;
      if (!isRecord(rl)) return ctx.sink.skip('wrong-type', { ...ctx.origin, path }, `${path} is not an object`);
      const resource = isRecord(rl.resource) ? keyValueList(rl.resource.attributes) : {};
      if (rl.scopeLogs === undefined) return;
      if (!Array.isArray(rl.scopeLogs)) return ctx.sink.skip('wrong-type', { ...ctx.origin, path: `${path}.scopeLogs` }, 'scopeLogs is not an array');
      rl.scopeLogs.forEach((sl, j) => {
        const slPath = `${path}.scopeLogs[${j}]`;
        if (!isRecord(sl) || (sl.logRecords !== undefined && !Array.isArray(sl.logRecords))) {
          return ctx.sink.skip('wrong-type', { ...ctx.origin, path: slPath }, 'logRecords is not an array');
        }
        (sl.logRecords as unknown[] | undefined ?? []).forEach((raw, k) => {
          const e = logEvent(raw, resource, { ...ctx.origin, path: `${slPath}.logRecords[${k}]` }, ctx);
          if (e) ctx.sink.log(e);
        });
      });
    });
  },
};

function logEvent(raw: unknown, resource: Record<string, unknown>, origin: LogEvent['origin'], ctx: ReadContext): LogEvent | undefined {
  if (!isRecord(raw)) {
    ctx.sink.skip('wrong-type', origin, 'log record is not an object');
    return undefined;
  }
  const attributes = keyValueList(raw.attributes);
  const body = raw.body === undefined ? '' : anyValue(raw.body);
  const message = typeof body === 'string' ? body : JSON.stringify(body);
  const time = nanosToMs(raw.timeUnixNano) || nanosToMs(raw.observedTimeUnixNano) || 0;
  const e: LogEvent = { timestampMs: time, message, kind: 'app', format: 'otlp', origin };
  if (time === 0) e.timeUnknown = true;
  const level = levelOf(raw.severityText, raw.severityNumber);
  if (level) e.level = level;
  const traceId = normalizeTraceId(raw.traceId);
  if (traceId && !/^0+$/.test(traceId)) e.traceId = traceId;
  const spanId = typeof raw.spanId === 'string' ? normalizeSpanId(raw.spanId) : undefined;
  if (spanId && !/^0+$/.test(spanId)) e.spanId = spanId;
  const requestId = requestIdFromAttributes(attributes) ?? strAttr(attributes, 'requestId', 'aws_request_id');
  if (requestId) e.requestId = requestId;
  const res = resource as Parameters<typeof functionNameFromAttributes>[0];
  const fn = functionNameFromAttributes(res, attributes) ?? strAttr(res, 'service.name');
  if (fn && !fn.startsWith('unknown_service')) e.functionName = fn;
  const group = strAttr(res, 'aws.log.group.names');
  if (group) e.logGroup = group;
  if (Object.keys(attributes).length > 0) e.fields = attributes as Record<string, unknown>;
  return e;
}

/** severityText when it names a level, else the OTel severity number ranges (1-4 TRACE ... 21-24 FATAL). */
function levelOf(text: unknown, num: unknown): LogLevel | undefined {
  if (typeof text === 'string') {
    const t = text.toUpperCase();
    if (t === 'WARNING') return 'WARN';
    if (t === 'TRACE' || t === 'DEBUG' || t === 'INFO' || t === 'WARN' || t === 'ERROR' || t === 'FATAL') return t;
  }
  const n = typeof num === 'number' ? num : Number(num);
  if (!Number.isInteger(n) || n < 1 || n > 24) return undefined;
  return (['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const)[Math.floor((n - 1) / 4)];
}
