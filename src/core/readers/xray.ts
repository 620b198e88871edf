// X-Ray reader: segment documents, the daemon's UDP format, `aws xray batch-get-traces` output.
import type { Attributes, AttrValue, Origin, SourceLocation, Span, SpanException, SpanKind } from '../model';
import { normalizeSpanId, normalizeTraceId } from '../ids';
import { classifyRemote, httpHost } from '../resource';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../ingest/jsonDepth';
import { userFrame } from './userFrames';
import type { JsonReader, ReadContext } from './types';
import { deriveStatus, functionNameFromArn, isRecord, makeException, show, sourceFromAttributes, toAttrValue } from './attrs';

type Doc = Record<string, unknown>;

/** `{"format":"json","version":1}`: the daemon protocol header sent before each document. */
function isDaemonHeader(v: Doc): boolean {
  return v.format === 'json' && v.version === 1 && v.trace_id === undefined;
}

function isSegmentDoc(v: unknown): v is Doc {
  return isRecord(v) && typeof v.id === 'string' &&
    (typeof v.trace_id === 'string' || (v.type === 'subsegment' && typeof v.parent_id === 'string')) &&
    (v.start_time !== undefined || typeof v.name === 'string');
}

function isBatchSegment(v: unknown): boolean {
  return isRecord(v) && typeof v.Document === 'string';
}

export const xrayReader: JsonReader = {
  format: 'xray',
  matches(value: unknown): boolean {
    if (Array.isArray(value)) return value.length > 0 && (isSegmentDoc(value[0]) || isBatchSegment(value[0]));
    if (!isRecord(value)) return false;
    if (Array.isArray(value.Traces)) return true;
    if (Array.isArray(value.Segments) && (typeof value.Id === 'string' || isBatchSegment(value.Segments[0]))) return true;
    return isDaemonHeader(value) || isSegmentDoc(value);
  },
  read(value: unknown, ctx: ReadContext): void {
    const out: Span[] = [];
    if (Array.isArray(value)) {
      value.forEach((v, i) => readAny(v, `[${i}]`, ctx, out));
    } else if (isRecord(value) && Array.isArray(value.Traces)) {
      value.Traces.forEach((t, i) => {
        if (!isRecord(t) || !Array.isArray(t.Segments)) {
          ctx.sink.skip('wrong-type', at(ctx, `Traces[${i}]`), 'trace has no Segments array');
          return;
        }
        readSegments(t.Segments, `Traces[${i}].Segments`, ctx, out);
      });
    } else if (isRecord(value) && Array.isArray(value.Segments)) {
      readSegments(value.Segments, 'Segments', ctx, out);
    } else if (isRecord(value) && isDaemonHeader(value)) {
      return; // recognised, carries no span
    } else {
      readAny(value, undefined, ctx, out);
    }
    linkLambdaSegments(out);
    for (const s of out) ctx.sink.span(s);
  },
};

function at(ctx: ReadContext, path: string | undefined): Origin {
  return path === undefined ? ctx.origin : { file: ctx.origin.file, line: ctx.origin.line, path: (ctx.origin.path ?? '') + path };
}

function readSegments(list: unknown[], path: string, ctx: ReadContext, out: Span[]): void {
  list.forEach((seg, j) => readBatchSegment(seg, `${path}[${j}]`, ctx, out));
}

/** One `{Id, Document}` of batch-get-traces: the document is a JSON string. */
function readBatchSegment(seg: unknown, path: string, ctx: ReadContext, out: Span[]): void {
  if (!isRecord(seg) || seg.Document === undefined) {
    ctx.sink.skip('missing-field', at(ctx, path), 'segment has no Document');
    return;
  }
  let doc: unknown = seg.Document;
  if (typeof doc === 'string') {
    if (jsonTooDeep(doc) !== undefined) {
      ctx.sink.skip('too-deep', at(ctx, `${path}.Document`), `segment Document is JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
      return;
    }
    try {
      doc = JSON.parse(doc);
    } catch {
      ctx.sink.skip('invalid-json', at(ctx, `${path}.Document`), 'segment Document is not valid JSON');
      return;
    }
  }
  readAny(doc, `${path}.Document`, ctx, out);
}

function readAny(v: unknown, path: string | undefined, ctx: ReadContext, out: Span[]): void {
  if (isRecord(v) && isDaemonHeader(v)) return;
  if (isBatchSegment(v)) return readBatchSegment(v, path ?? '', ctx, out);
  readDocument(v, path, ctx, out);
}

/** Values an enclosing segment hands down to its subsegments. */
interface Enclosing {
  traceId: string;
  parentId: string;
  service: string;
  requestId?: string;
  functionName?: string;
  /** Exceptions of the whole document by id, for `cause` given as an exception id. */
  exceptionsById: Map<string, SpanException>;
}

function readDocument(doc: unknown, path: string | undefined, ctx: ReadContext, out: Span[]): void {
  const origin = at(ctx, path);
  if (!isRecord(doc)) {
    ctx.sink.skip('wrong-type', origin, 'segment document is not an object');
    return;
  }
  const exceptionsById = new Map<string, SpanException>();
  collectExceptions(doc, exceptionsById, 0);
  readSegment(doc, origin, undefined, exceptionsById, ctx, out);
}

const MAX_DEPTH = 200; // subsegment nesting beyond this is a broken or hostile document

function readSegment(
  doc: Doc, origin: Origin, enclosing: Enclosing | undefined,
  exceptionsById: Map<string, SpanException>, ctx: ReadContext, out: Span[], depth = 0,
): void {
  const skip = (reason: 'missing-field' | 'wrong-type', message: string): void => ctx.sink.skip(reason, origin, message);
  if (depth > MAX_DEPTH) return skip('wrong-type', `subsegments nested deeper than ${MAX_DEPTH}`);
  const rawTrace = doc.trace_id ?? enclosing?.traceId;
  if (rawTrace === undefined) return skip('missing-field', 'segment has no trace_id');
  const traceId = enclosing && doc.trace_id === undefined ? enclosing.traceId : normalizeTraceId(rawTrace);
  if (!traceId) return skip('wrong-type', `trace_id is not a trace id: ${show(rawTrace)}`);
  if (doc.id === undefined || doc.id === '') return skip('missing-field', 'segment has no id');
  const spanId = typeof doc.id === 'string' ? normalizeSpanId(doc.id) : undefined;
  if (!spanId) return skip('wrong-type', `id is not a segment id: ${show(doc.id)}`);
  let parentSpanId = enclosing?.parentId;
  if (!enclosing && doc.parent_id !== undefined && doc.parent_id !== null && doc.parent_id !== '') {
    parentSpanId = typeof doc.parent_id === 'string' ? normalizeSpanId(doc.parent_id) : undefined;
    if (!parentSpanId) return skip('wrong-type', `parent_id is not a segment id: ${show(doc.parent_id)}`);
  }
  if (doc.start_time === undefined) return skip('missing-field', 'segment has no start_time');
  if (typeof doc.start_time !== 'number' || !Number.isFinite(doc.start_time)) {
    return skip('wrong-type', `start_time is not epoch seconds: ${show(doc.start_time)}`);
  }
  if (doc.end_time !== undefined && (typeof doc.end_time !== 'number' || !Number.isFinite(doc.end_time))) {
    return skip('wrong-type', `end_time is not epoch seconds: ${show(doc.end_time)}`);
  }

  const isSubsegment = enclosing !== undefined || doc.type === 'subsegment';
  const name = typeof doc.name === 'string' && doc.name !== '' ? doc.name : '(unnamed)';
  const attributes = xrayAttributes(doc);
  const startMs = doc.start_time * 1000;
  let durationMs = 0;
  if (typeof doc.end_time === 'number') durationMs = Math.max(0, (doc.end_time - doc.start_time) * 1000);
  else attributes['explorer.duration_missing'] = true;

  const namespace = typeof doc.namespace === 'string' ? doc.namespace : undefined;
  const kind: SpanKind = !isSubsegment ? 'server' : namespace === 'aws' || namespace === 'remote' ? 'client' : 'internal';
  const aws = isRecord(doc.aws) ? doc.aws : {};
  const originName = typeof doc.origin === 'string' ? doc.origin : undefined;
  const isLambda = originName === 'AWS::Lambda::Function' || originName === 'AWS::Lambda';
  const functionName = isLambda
    ? (typeof aws.function_arn === 'string' ? functionNameFromArn(aws.function_arn) : undefined) ?? name
    : enclosing?.functionName;
  // On a Lambda segment `aws.request_id` is the invocation; on a subsegment it is the AWS API call's.
  const requestId = isLambda && typeof aws.request_id === 'string' ? aws.request_id : enclosing?.requestId;

  const httpStatus = attributes['http.response.status_code'];
  const status = deriveStatus({
    kind, explicitError: doc.error === true || doc.fault === true, explicitOk: false,
    httpStatus: typeof httpStatus === 'number' ? httpStatus : undefined,
  });
  const span: Span = {
    traceId, spanId, name,
    service: enclosing?.service ?? name,
    kind, startMs, durationMs, status: status.status,
    attributes, events: [], links: [],
    exceptions: causeExceptions(doc.cause, exceptionsById),
    format: 'xray', origin,
  };
  if (parentSpanId) span.parentSpanId = parentSpanId;
  if (doc.in_progress === true && typeof doc.end_time !== 'number') span.inProgress = true;
  if (doc.fault === true || status.fault) span.fault = true;
  if (doc.throttle === true || status.throttle) span.throttle = true;
  if (typeof httpStatus === 'number') span.httpStatus = httpStatus;
  if (isRecord(doc.cause) && typeof doc.cause.message === 'string') span.statusMessage = doc.cause.message;
  else if (span.exceptions[0]?.message) span.statusMessage = span.exceptions[0].message;
  const remote = classifyRemote({ kind, name, attributes });
  if (remote) span.remote = remote;
  if (requestId) span.requestId = requestId;
  const source = xraySource(doc, span);
  if (source) span.source = source;
  if (functionName) span.functionName = functionName;
  out.push(span);

  if (doc.subsegments === undefined) return;
  if (!Array.isArray(doc.subsegments)) return skip('wrong-type', 'subsegments is not an array');
  const inner: Enclosing = { traceId, parentId: spanId, service: span.service, requestId, functionName, exceptionsById };
  doc.subsegments.forEach((sub, i) => {
    const subOrigin: Origin = { file: origin.file, line: origin.line, path: `${origin.path ?? ''}${origin.path ? '.' : ''}subsegments[${i}]` };
    if (!isRecord(sub)) {
      ctx.sink.skip('wrong-type', subOrigin, 'subsegment is not an object');
      return;
    }
    readSegment(sub, subOrigin, inner, exceptionsById, ctx, out, depth + 1);
  });
}

/**
 * The Lambda service segment (origin AWS::Lambda) carries the invocation's request id; the function
 * segment (AWS::Lambda::Function) below it and that segment's subsegments belong to the same invocation.
 */
export function linkLambdaSegments(spans: Span[]): void {
  // By span id alone (64 random bits), checking the trace: no key string to build per span.
  const byId = new Map<string, Span>();
  for (const s of spans) byId.set(s.spanId, s);
  const parentOf = (s: Span): Span | undefined => {
    const p = byId.get(s.parentSpanId!);
    return p && p.traceId === s.traceId ? p : undefined;
  };
  for (const s of spans) {
    if (s.requestId || !s.parentSpanId || s.attributes['xray.origin'] !== 'AWS::Lambda::Function') continue;
    const parent = parentOf(s);
    if (parent?.requestId && parent.attributes['xray.origin'] === 'AWS::Lambda') s.requestId = parent.requestId;
  }
  // Subsegments usually follow their segment in `spans`, so one pass reaches every depth; segments read from
  // separate records (the whole load) may come in any order: passes repeat while they still add something.
  for (let pass = 0, changed = true; changed && pass < 64; pass++) {
    changed = false;
    for (const s of spans) {
      if (s.requestId || !s.parentSpanId || s.kind === 'server') continue;
      const parent = parentOf(s);
      if (parent?.requestId && parent.functionName) { s.requestId = parent.requestId; changed = true; }
    }
  }
}

function collectExceptions(doc: Doc, into: Map<string, SpanException>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (isRecord(doc.cause) && Array.isArray(doc.cause.exceptions)) {
    for (const e of doc.cause.exceptions) {
      if (isRecord(e) && typeof e.id === 'string') into.set(e.id, toException(e));
    }
  }
  if (Array.isArray(doc.subsegments)) {
    for (const sub of doc.subsegments) if (isRecord(sub)) collectExceptions(sub, into, depth + 1);
  }
}

/** `cause` is an object with `exceptions`, or the id of an exception recorded on a subsegment. */
function causeExceptions(cause: unknown, byId: Map<string, SpanException>): SpanException[] {
  if (typeof cause === 'string') {
    const ex = byId.get(cause);
    return ex ? [ex] : [];
  }
  if (!isRecord(cause) || !Array.isArray(cause.exceptions)) return [];
  const out: SpanException[] = [];
  for (const e of cause.exceptions) if (isRecord(e)) out.push(toException(e));
  return out;
}

function toException(e: Record<string, unknown>): SpanException {
  const frames: SourceLocation[] = [];
  const lines: string[] = [];
  if (Array.isArray(e.stack)) {
    for (const f of e.stack) {
      if (!isRecord(f)) continue;
      const loc: SourceLocation = { file: typeof f.path === 'string' ? f.path : '' };
      if (typeof f.line === 'number') loc.line = f.line;
      if (typeof f.label === 'string' && f.label !== '') loc.function = f.label;
      frames.push(loc);
      lines.push(`    at ${loc.function ? `${loc.function} ` : ''}(${loc.file}${loc.line !== undefined ? `:${loc.line}` : ''})`);
    }
  }
  const type = typeof e.type === 'string' ? e.type : undefined;
  const message = typeof e.message === 'string' ? e.message : undefined;
  // X-Ray gives frames as data; keep them as recorded rather than re-parsing the text made from them.
  const ex = makeException(type, message);
  ex.frames = frames;
  if (lines.length > 0) ex.stack = `${type ?? 'Error'}${message ? `: ${message}` : ''}\n${lines.join('\n')}`;
  return ex;
}

const NESTED_KEYS = ['http', 'aws', 'sql', 'service'].map((k) => [k, `xray.${k}`] as const);
const PLAIN_KEYS = ['origin', 'namespace', 'user', 'type', 'inferred', 'in_progress', 'resource_arn', 'precursor_ids', 'error', 'fault', 'throttle']
  .map((k) => [k, `xray.${k}`] as const);

/** Flattens the segment's known objects into OTel-like keys plus the raw values under `xray.*`. */
function xrayAttributes(doc: Doc): Attributes {
  const a: Attributes = {};
  for (const [key, prefixed] of NESTED_KEYS) {
    const v = doc[key];
    if (isRecord(v)) flattenInto(a, prefixed, v, 0);
  }
  for (const [key, prefixed] of PLAIN_KEYS) {
    if (doc[key] !== undefined) a[prefixed] = toAttrValue(doc[key]);
  }
  if (isRecord(doc.annotations)) for (const k in doc.annotations) a[joinKey('xray.annotations', k)] = toAttrValue(doc.annotations[k]);
  if (isRecord(doc.metadata)) for (const k in doc.metadata) a[joinKey('xray.metadata', k)] = toAttrValue(doc.metadata[k]);

  const http = isRecord(doc.http) ? doc.http : {};
  const req = isRecord(http.request) ? http.request : {};
  const res = isRecord(http.response) ? http.response : {};
  copy(a, 'http.request.method', req.method);
  copy(a, 'url.full', req.url);
  copy(a, 'client.address', req.client_ip);
  copy(a, 'user_agent.original', req.user_agent);
  if (typeof res.status === 'number') a['http.response.status_code'] = res.status;
  copy(a, 'http.response.body.size', res.content_length);

  const aws = isRecord(doc.aws) ? doc.aws : {};
  copy(a, 'aws.operation', aws.operation);
  copy(a, 'rpc.method', aws.operation);
  copy(a, 'aws.request_id', aws.request_id);
  copy(a, 'cloud.region', aws.region);
  copy(a, 'cloud.account.id', aws.account_id);
  copy(a, 'aws.sqs.queue.url', aws.queue_url);
  copy(a, 'aws.sns.topic.arn', aws.topic_arn);
  copy(a, 'aws.s3.bucket', aws.bucket_name);
  if (typeof aws.table_name === 'string') a['aws.dynamodb.table_names'] = [aws.table_name];
  copy(a, 'faas.invoked_name', aws.function_name);
  copy(a, 'cloud.resource_id', aws.function_arn ?? doc.resource_arn);
  if (doc.namespace === 'aws') {
    a['rpc.system'] = 'aws-api';
    copy(a, 'rpc.service', doc.name);
  }
  const sql = isRecord(doc.sql) ? doc.sql : {};
  if (typeof sql.database_type === 'string') a['db.system'] = sql.database_type.toLowerCase();
  copy(a, 'db.query.text', sql.sanitized_query);
  if (typeof sql.url === 'string') copy(a, 'server.address', httpHost({ 'url.full': sql.url }));
  copy(a, 'enduser.id', doc.user);
  return a;
}

function copy(a: Attributes, key: string, v: unknown): void {
  if (v !== undefined && v !== null && v !== '' && a[key] === undefined) a[key] = toAttrValue(v);
}

function flattenInto(a: Attributes, prefix: string, obj: Doc, depth: number): void {
  for (const k in obj) {
    const v = obj[k];
    if (isRecord(v) && depth < 4) flattenInto(a, joinKey(prefix, k), v, depth + 1);
    else a[joinKey(prefix, k)] = toAttrValue(v) as AttrValue;
  }
}

// Every segment has the same few nested keys: reusing one string per key spares building and
// internalising `xray.http.request.url` and the like again for each of a million segments.
const joinedKeys = new Map<string, Map<string, string>>();
function joinKey(prefix: string, k: string): string {
  let m = joinedKeys.get(prefix);
  if (!m) {
    if (joinedKeys.size >= 1000) joinedKeys.clear(); // hostile input with endless distinct keys
    joinedKeys.set(prefix, (m = new Map()));
  }
  let full = m.get(k);
  if (full === undefined) {
    if (m.size >= 1000) m.clear();
    m.set(k, (full = `${prefix}.${k}`));
  }
  return full;
}

/**
 * Where in the code the segment was made: OTel `code.*` attributes that the ADOT exporter keeps in
 * `metadata.default`, else the first frame of its own exception stack.
 */
function xraySource(doc: Doc, span: Span): SourceLocation | undefined {
  const meta = isRecord(doc.metadata) && isRecord(doc.metadata.default) ? (doc.metadata.default as Attributes) : undefined;
  const fromMeta = meta && sourceFromAttributes(meta);
  if (fromMeta) return fromMeta;
  const ex = span.exceptions.find((e) => e.frames.length > 0);
  return ex && userFrame(ex.frames);
}
