// Shared helpers for span readers: attribute decoding, time conversion and span-level derivations.
import type { Attributes, AttrValue, SourceLocation, SpanEvent, SpanException, SpanKind } from '../model';
import { parseStackFrames } from './stack';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Short printable form of a bad value for skip messages. */
export function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A JSON value as an attribute value: nested objects and arrays kept, anything else stringified. */
export function toAttrValue(v: unknown): AttrValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v !== 'object') return v === undefined ? null : String(v);
  // An explicit stack, not recursion: hostile JSON can nest deeper than the call stack.
  const root = shellOf(v);
  const stack: [object, AttrContainer][] = [[v, root]];
  while (stack.length > 0) {
    const [src, dst] = stack.pop()!;
    if (Array.isArray(src)) {
      for (let i = 0; i < src.length; i++) (dst as AttrValue[])[i] = attrLeaf(src[i], stack);
    } else {
      const o = src as Record<string, unknown>;
      for (const k in o) if (k !== '__proto__') (dst as Record<string, AttrValue>)[k] = attrLeaf(o[k], stack);
    }
  }
  return root;
}

type AttrContainer = AttrValue[] | { [key: string]: AttrValue };

function shellOf(v: object): AttrContainer {
  return Array.isArray(v) ? [] : {};
}

function attrLeaf(v: unknown, stack: [object, AttrContainer][]): AttrValue {
  if (v !== null && typeof v === 'object') {
    const shell = shellOf(v);
    stack.push([v, shell]);
    return shell;
  }
  return toAttrValue(v);
}

/** OTLP AnyValue -> AttrValue. 64-bit ints arrive as strings; they stay numbers when exactly representable. */
export function anyValue(v: unknown): AttrValue {
  const scalar = anyScalar(v);
  if (scalar !== NESTED) return scalar;
  // arrayValue / kvlistValue: an explicit stack, not recursion (hostile input nests deeper than the call stack).
  const out: { root: AttrValue } = { root: null };
  const stack: { src: unknown; into: Record<string | number, AttrValue>; key: string | number }[] = [{ src: v, into: out, key: 'root' }];
  while (stack.length > 0) {
    const { src, into, key } = stack.pop()!;
    const s = anyScalar(src);
    if (s !== NESTED) { into[key] = s; continue; }
    const o = src as Record<string, unknown>;
    if ('arrayValue' in o) {
      const values = isRecord(o.arrayValue) ? o.arrayValue.values : undefined;
      const arr: AttrValue[] = [];
      into[key] = arr;
      if (Array.isArray(values)) values.forEach((x, i) => stack.push({ src: x, into: arr as unknown as Record<number, AttrValue>, key: i }));
    } else {
      const values = isRecord(o.kvlistValue) ? o.kvlistValue.values : undefined;
      const obj: { [key: string]: AttrValue } = {};
      into[key] = obj;
      if (Array.isArray(values)) {
        for (const kv of values) {
          if (isRecord(kv) && typeof kv.key === 'string' && kv.key !== '__proto__') stack.push({ src: kv.value, into: obj, key: kv.key });
        }
      }
    }
  }
  return out.root;
}

const NESTED = Symbol('nested');

/** An AnyValue that holds no other AnyValue, converted; NESTED for arrayValue / kvlistValue. */
function anyScalar(v: unknown): AttrValue | typeof NESTED {
  if (!isRecord(v)) return toAttrValue(v);
  if ('stringValue' in v) return typeof v.stringValue === 'string' ? v.stringValue : toAttrValue(v.stringValue);
  if ('intValue' in v) return intValue(v.intValue);
  if ('doubleValue' in v) {
    const d = v.doubleValue;
    if (typeof d === 'number') return d;
    const n = Number(d); // proto3 JSON writes NaN/Infinity and sometimes doubles as strings
    return typeof d === 'string' && Number.isFinite(n) ? n : toAttrValue(d);
  }
  if ('boolValue' in v) return v.boolValue === true || v.boolValue === 'true';
  if ('arrayValue' in v || 'kvlistValue' in v) return NESTED;
  if ('bytesValue' in v) return toAttrValue(v.bytesValue); // base64 as written
  return null; // empty AnyValue
}

function intValue(raw: unknown): AttrValue {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') {
    const n = Number(raw);
    return raw !== '' && Number.isSafeInteger(n) ? n : raw;
  }
  return toAttrValue(raw);
}

/** OTLP `[{key, value: AnyValue}]` -> Attributes. Entries without a string key are ignored. */
export function keyValueList(list: unknown): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isRecord(kv) && typeof kv.key === 'string' && kv.key !== '__proto__') out[kv.key] = anyValue(kv.value);
  }
  return out;
}

/**
 * Adopts a flat `{key: value}` object parsed from JSON as Attributes without copying: every JSON value
 * already is an AttrValue. For the hot aws/spans path; the reader takes ownership of the parsed value.
 */
export function adoptAttributes(obj: unknown): Attributes {
  return isRecord(obj) ? (obj as Attributes) : {};
}

/** A flat `{key: value}` attribute object (aws/spans, Zipkin tags) -> Attributes. */
export function flatAttributes(obj: unknown): Attributes {
  const out: Attributes = {};
  if (!isRecord(obj)) return out;
  for (const k in obj) if (k !== '__proto__') out[k] = toAttrValue(obj[k]);
  return out;
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Unix nanoseconds (decimal string or JSON number) -> epoch ms, fractional.
 * Strings are split so the sub-millisecond part is not lost to float rounding.
 */
export function nanosToMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v / 1e6 : undefined;
  if (typeof v !== 'string' || !isDigits(v)) return undefined;
  if (v.length <= 6) return Number(v) / 1e6;
  return Number(v.slice(0, -6)) + Number(v.slice(-6)) / 1e6;
}

/** end - start in ms, exact for nanosecond strings (BigInt), else float. */
export function nanosDurationMs(start: unknown, end: unknown): number | undefined {
  if (typeof start === 'string' && typeof end === 'string' && isDigits(start) && isDigits(end)) {
    return Number(BigInt(end) - BigInt(start)) / 1e6;
  }
  const s = nanosToMs(start);
  const e = nanosToMs(end);
  return s === undefined || e === undefined ? undefined : e - s;
}

/** Microseconds (Jaeger, Zipkin) as number or digit string -> ms. */
export function microsToMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v / 1000 : undefined;
  if (typeof v === 'string' && isDigits(v)) return Number(v) / 1000;
  return undefined;
}

/** First attribute among `keys` that is a non-empty string. */
export function strAttr(attrs: Attributes | undefined, ...keys: string[]): string | undefined {
  if (!attrs) return undefined;
  for (const k of keys) {
    const v = attrs[k];
    if (typeof v === 'string' && v !== '') return v;
    if (Array.isArray(v) && typeof v[0] === 'string' && v[0] !== '') return v[0];
  }
  return undefined;
}

/** First attribute among `keys` that is a finite number or a numeric string. */
export function numAttr(attrs: Attributes | undefined, ...keys: string[]): number | undefined {
  if (!attrs) return undefined;
  for (const k of keys) {
    const v = attrs[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v !== '') {
      const n = Number(v);
      if (Number.isFinite(n)) return n;
    }
  }
  return undefined;
}

/** Source location from OTel `code.*` attributes (old and new semantic-convention names). */
export function sourceFromAttributes(attrs: Attributes): SourceLocation | undefined {
  const file = strAttr(attrs, 'code.file.path', 'code.filepath');
  const fn = strAttr(attrs, 'code.function.name', 'code.function');
  if (!file && !fn) return undefined;
  const ns = strAttr(attrs, 'code.namespace');
  const loc: SourceLocation = { file: file ?? '' };
  const line = numAttr(attrs, 'code.line.number', 'code.lineno');
  if (line !== undefined) loc.line = line;
  const column = numAttr(attrs, 'code.column.number', 'code.column');
  if (column !== undefined) loc.column = column;
  if (fn) loc.function = ns && !fn.startsWith(ns) ? `${ns}.${fn}` : fn;
  return loc;
}

/**
 * Lambda request id. On client/producer spans `aws.request_id` is the id of the AWS API call made
 * (DynamoDB, SQS...), not of the invocation, so only the `faas.*` keys count there.
 */
export function requestIdFromAttributes(attrs: Attributes, kind?: SpanKind): string | undefined {
  const faas = strAttr(attrs, 'faas.invocation_id', 'faas.execution', 'aws.lambda.aws_request_id');
  if (faas || kind === 'client' || kind === 'producer') return faas;
  return strAttr(attrs, 'aws.request_id', 'aws.requestId');
}

/** Lambda function name from `faas.name`, or the function ARN in `cloud.resource_id` / `faas.id`. */
export function functionNameFromAttributes(...sets: (Attributes | undefined)[]): string | undefined {
  for (const attrs of sets) {
    const name = strAttr(attrs, 'faas.name');
    if (name) return name;
  }
  for (const attrs of sets) {
    const arn = strAttr(attrs, 'cloud.resource_id', 'faas.id', 'aws.lambda.invoked_arn');
    const name = arn ? functionNameFromArn(arn) : undefined;
    if (name) return name;
  }
  return undefined;
}

/** `arn:aws:lambda:region:acct:function:name[:qualifier]` -> name. */
export function functionNameFromArn(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  return parts[2] === 'lambda' && parts[5] === 'function' && parts[6] ? parts[6] : undefined;
}

/** HTTP status from the current or the old semantic-convention key. */
export function httpStatusFromAttributes(attrs: Attributes): number | undefined {
  const n = numAttr(attrs, 'http.response.status_code', 'http.status_code');
  return n !== undefined && Number.isInteger(n) && n >= 100 && n < 1000 ? n : undefined;
}

/** OTel `exception` events -> exceptions with parsed frames. */
export function exceptionsFromEvents(events: SpanEvent[]): SpanException[] {
  const out: SpanException[] = [];
  for (const ev of events) {
    if (ev.name !== 'exception') continue;
    out.push(makeException(
      strAttr(ev.attributes, 'exception.type'),
      strAttr(ev.attributes, 'exception.message'),
      strAttr(ev.attributes, 'exception.stacktrace'),
    ));
  }
  return out;
}

export function makeException(type?: string, message?: string, stack?: string): SpanException {
  const ex: SpanException = { frames: stack ? parseStackFrames(stack) : [] };
  if (type) ex.type = type;
  if (message) ex.message = message;
  if (stack) ex.stack = stack;
  return ex;
}

export interface StatusInput {
  kind: SpanKind;
  /** Explicit error from the format (OTel status ERROR, X-Ray error/fault, Zipkin `error` tag). */
  explicitError: boolean;
  explicitOk: boolean;
  httpStatus?: number;
}

/** error on explicit error, 5xx on any span, 4xx on client spans; fault = 5xx, throttle = 429. */
export function deriveStatus(s: StatusInput): { status: 'ok' | 'error' | 'unset'; fault?: boolean; throttle?: boolean } {
  const h = s.httpStatus;
  const clientSide = s.kind === 'client' || s.kind === 'producer';
  const httpError = h !== undefined && (h >= 500 || (clientSide && h >= 400));
  const out: { status: 'ok' | 'error' | 'unset'; fault?: boolean; throttle?: boolean } = {
    status: s.explicitError || httpError ? 'error' : s.explicitOk ? 'ok' : 'unset',
  };
  if (h !== undefined && h >= 500) out.fault = true;
  if (h === 429) out.throttle = true;
  return out;
}

/** `SPAN_KIND_SERVER`, `SERVER`, `server`, 2 -> 'server'. OTLP numbering: 1 internal .. 5 consumer. */
export function parseSpanKind(raw: unknown): SpanKind | undefined {
  if (typeof raw === 'number') return NUMERIC_KINDS[raw];
  if (typeof raw !== 'string') return undefined;
  const k = (raw.startsWith('SPAN_KIND_') ? raw.slice(10) : raw).toLowerCase();
  switch (k) {
    case 'internal': case 'server': case 'client': case 'producer': case 'consumer': return k;
    case 'unspecified': return 'internal';
    default: return undefined;
  }
}

const NUMERIC_KINDS: Record<number, SpanKind | undefined> = { 0: 'internal', 1: 'internal', 2: 'server', 3: 'client', 4: 'producer', 5: 'consumer' };
