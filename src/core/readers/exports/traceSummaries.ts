// `aws xray get-trace-summaries` output: { TraceSummaries: [{ Id, StartTime?, Duration, ResponseTime, HasError,
// HasFault, HasThrottle, Annotations, EntryPoint, ServiceIds, Http, ... }], ApproximateTime, TracesProcessedCount }.
// Each summary becomes a one-span trace row (marked summary-only) until the trace's segments are read
// (`aws xray batch-get-traces`): the DatasetBuilder then drops the summary span for the real ones.
import type { Attributes, Span } from '../../model';
import { normalizeTraceId } from '../../ids';
import type { JsonReader, ReadContext } from '../types';

export const SUMMARY_ONLY_ATTR = 'explorer.summary_only';

type Obj = Record<string, unknown>;

export const traceSummariesReader: JsonReader = {
  format: 'xray',
  matches(v: unknown): boolean {
    return isObj(v) && Array.isArray(v.TraceSummaries);
  },
  read(v: unknown, ctx: ReadContext): void {
    if (!isObj(v) || !Array.isArray(v.TraceSummaries)) return;
    const approx = typeof v.ApproximateTime === 'number' ? v.ApproximateTime : undefined;
    v.TraceSummaries.forEach((s, i) => {
      const origin = { ...ctx.origin, path: `TraceSummaries[${i}]` };
      if (!isObj(s)) return ctx.sink.skip('wrong-type', origin, 'a trace summary is not an object');
      const traceId = typeof s.Id === 'string' ? normalizeTraceId(s.Id) : undefined;
      if (!traceId) return ctx.sink.skip('missing-field', origin, 'Id is missing or not a trace id');
      // StartTime is in newer outputs; older ones give only the page's ApproximateTime.
      const start = typeof s.StartTime === 'number' ? s.StartTime : approx;
      if (start === undefined) return ctx.sink.skip('missing-field', origin, 'neither StartTime nor the page\'s ApproximateTime gives a time');
      const entry = isObj(s.EntryPoint) ? s.EntryPoint : {};
      const name = str(entry.Name) ?? firstServiceName(s.ServiceIds) ?? '(trace summary)';
      const attributes: Attributes = { [SUMMARY_ONLY_ATTR]: true };
      if (s.StartTime === undefined) attributes['explorer.start_approximate'] = true;
      if (typeof s.ResponseTime === 'number') attributes['xray.response_time_ms'] = s.ResponseTime * 1000;
      if (str(entry.Type)) attributes['aws.xray.entry_point.type'] = entry.Type as string;
      if (isObj(s.Http)) {
        if (typeof s.Http.HttpMethod === 'string') attributes['http.request.method'] = s.Http.HttpMethod;
        if (typeof s.Http.HttpURL === 'string') attributes['url.full'] = s.Http.HttpURL;
        if (typeof s.Http.HttpStatus === 'number') attributes['http.response.status_code'] = s.Http.HttpStatus;
      }
      if (isObj(s.Annotations)) {
        for (const [k, vals] of Object.entries(s.Annotations)) {
          const first = Array.isArray(vals) && isObj(vals[0]) && isObj(vals[0].AnnotationValue) ? vals[0].AnnotationValue : undefined;
          const value = first ? Object.values(first)[0] : undefined;
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') attributes[`annotation.${k}`] = value;
        }
      }
      const failed = s.HasError === true || s.HasFault === true;
      const span: Span = {
        traceId,
        spanId: `summary-${traceId.slice(0, 16)}`,
        name,
        service: name,
        kind: 'server',
        startMs: start * 1000,
        durationMs: typeof s.Duration === 'number' ? s.Duration * 1000 : 0,
        status: failed ? 'error' : 'ok',
        attributes,
        events: [],
        links: [],
        exceptions: [],
        format: 'xray',
        origin,
      };
      if (s.HasFault === true) span.fault = true;
      if (s.HasThrottle === true) span.throttle = true;
      if (typeof attributes['http.response.status_code'] === 'number') span.httpStatus = attributes['http.response.status_code'];
      ctx.sink.span(span);
    });
  },
};

export function isSummaryOnly(s: Span): boolean {
  return s.attributes[SUMMARY_ONLY_ATTR] === true;
}

function firstServiceName(ids: unknown): string | undefined {
  return Array.isArray(ids) && isObj(ids[0]) ? str(ids[0].Name) : undefined;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
