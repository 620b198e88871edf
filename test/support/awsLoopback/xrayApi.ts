// X-Ray's REST JSON operations: POST /TraceSummaries (time range in epoch seconds, NextToken pages) and
// POST /Traces (BatchGetTraces: 1 to 5 trace ids, the API reference's array bounds).
import { ApiError, decodeToken, encodeToken, Json, num, str } from './apiError';
import type { LoopDataset, XrayTraceDoc } from './dataset';

const SUMMARIES_PER_PAGE = 100;
export const BATCH_MAX = 5;

interface Indexed { doc: XrayTraceDoc; start: number; hasError: boolean; hasFault: boolean }

export class XrayApi {
  private index?: Indexed[];
  /** Trace ids per BatchGetTraces call, for tests. */
  readonly batches: string[][] = [];

  constructor(readonly ds: LoopDataset) {}

  handle(path: string, body: Json): Json {
    if (path === '/TraceSummaries') return this.summaries(body);
    if (path === '/Traces') return this.batchGet(body);
    throw new ApiError('UnknownOperationException', `No X-Ray operation at ${path}`, 404);
  }

  private traces(): Indexed[] {
    this.index ??= this.ds.traces.map((doc) => {
      let start = Number.MAX_VALUE;
      let hasError = false;
      let hasFault = false;
      for (const s of doc.Segments) {
        try {
          const d = JSON.parse(s.Document) as { start_time?: number; error?: boolean; fault?: boolean };
          if (typeof d.start_time === 'number') start = Math.min(start, d.start_time);
          hasError ||= d.error === true;
          hasFault ||= d.fault === true;
        } catch { /* a broken document is still served as is */ }
      }
      return { doc, start, hasError, hasFault };
    }).sort((a, b) => a.start - b.start);
    return this.index;
  }

  private summaries(body: Json): Json {
    const start = num(body.StartTime, 'StartTime');
    const end = num(body.EndTime, 'EndTime');
    if (start === undefined || end === undefined) throw new ApiError('InvalidRequestException', 'StartTime and EndTime are required');
    const filter = parseFilter(str(body.FilterExpression));
    const all = this.traces().filter((t) => t.start >= start && t.start <= end && filter(t));
    const from = body.NextToken ? decodeToken<{ i: number }>(String(body.NextToken), 'GetTraceSummaries').i : 0;
    const page = all.slice(from, from + SUMMARIES_PER_PAGE).map((t) => ({
      Id: t.doc.Id, Duration: t.doc.Duration, ResponseTime: t.doc.Duration, HasError: t.hasError, HasFault: t.hasFault, HasThrottle: false,
      IsPartial: false, StartTime: t.start,
    }));
    return {
      TraceSummaries: page,
      ApproximateTime: end,
      TracesProcessedCount: all.length,
      ...(from + SUMMARIES_PER_PAGE < all.length ? { NextToken: encodeToken({ i: from + SUMMARIES_PER_PAGE }) } : {}),
    };
  }

  private batchGet(body: Json): Json {
    const ids = body.TraceIds;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > BATCH_MAX) {
      throw new ApiError('InvalidRequestException', `TraceIds must hold 1 to ${BATCH_MAX} ids`);
    }
    this.batches.push(ids as string[]);
    const byId = new Map(this.traces().map((t) => [t.doc.Id, t.doc]));
    const found = (ids as string[]).filter((id) => byId.has(id));
    return { Traces: found.map((id) => byId.get(id)), UnprocessedTraceIds: (ids as string[]).filter((id) => !byId.has(id)) };
  }
}

/** Minimal filter expressions: empty, `duration > N` / `duration >= N`, `error`, `fault`. */
function parseFilter(expr: string | undefined): (t: Indexed) => boolean {
  const e = (expr ?? '').trim();
  if (!e) return () => true;
  const m = /^(duration|responsetime)\s*(>=|>)\s*([\d.]+)$/i.exec(e);
  if (m) {
    const n = Number(m[3]);
    return (t) => (m[2] === '>' ? (t.doc.Duration ?? 0) > n : (t.doc.Duration ?? 0) >= n);
  }
  if (/^error$/i.test(e)) return (t) => t.hasError;
  if (/^fault$/i.test(e)) return (t) => t.hasFault;
  throw new ApiError('InvalidRequestException', `unsupported filter expression: ${e}`);
}
