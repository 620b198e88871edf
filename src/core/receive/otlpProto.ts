// OTLP protobuf messages, decoded with protobufjs (a well-kept decoder: varints, packed fields, unknown fields and
// truncation handled by the library, not by us). The schema is the subset of opentelemetry-proto v1 the receiver
// needs, written as a protobufjs JSON descriptor (field numbers from the OTLP specification), so no .proto files ship.
import * as protobuf from 'protobufjs';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const KEY_VALUES = repeated('KeyValue', 1);

const DESCRIPTOR = {
  nested: {
    otlp: {
      nested: {
        AnyValue: {
          oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
          fields: {
            stringValue: { type: 'string', id: 1 }, boolValue: { type: 'bool', id: 2 }, intValue: { type: 'int64', id: 3 },
            doubleValue: { type: 'double', id: 4 }, arrayValue: { type: 'ArrayValue', id: 5 }, kvlistValue: { type: 'KeyValueList', id: 6 },
            bytesValue: { type: 'bytes', id: 7 },
          },
        },
        ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
        KeyValueList: { fields: { values: KEY_VALUES } },
        KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
        InstrumentationScope: {
          fields: { name: { type: 'string', id: 1 }, version: { type: 'string', id: 2 }, attributes: repeated('KeyValue', 3), droppedAttributesCount: { type: 'uint32', id: 4 } },
        },
        Resource: { fields: { attributes: KEY_VALUES, droppedAttributesCount: { type: 'uint32', id: 2 } } },
        // trace/v1/trace.proto
        ResourceSpans: { fields: { resource: { type: 'Resource', id: 1 }, scopeSpans: repeated('ScopeSpans', 2), schemaUrl: { type: 'string', id: 3 } } },
        ScopeSpans: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, spans: repeated('Span', 2), schemaUrl: { type: 'string', id: 3 } } },
        Span: {
          fields: {
            traceId: { type: 'bytes', id: 1 }, spanId: { type: 'bytes', id: 2 }, traceState: { type: 'string', id: 3 },
            parentSpanId: { type: 'bytes', id: 4 }, flags: { type: 'fixed32', id: 16 }, name: { type: 'string', id: 5 },
            kind: { type: 'int32', id: 6 }, startTimeUnixNano: { type: 'fixed64', id: 7 }, endTimeUnixNano: { type: 'fixed64', id: 8 },
            attributes: repeated('KeyValue', 9), droppedAttributesCount: { type: 'uint32', id: 10 }, events: repeated('Event', 11),
            droppedEventsCount: { type: 'uint32', id: 12 }, links: repeated('Link', 13), droppedLinksCount: { type: 'uint32', id: 14 },
            status: { type: 'Status', id: 15 },
          },
        },
        Event: { fields: { timeUnixNano: { type: 'fixed64', id: 1 }, name: { type: 'string', id: 2 }, attributes: repeated('KeyValue', 3), droppedAttributesCount: { type: 'uint32', id: 4 } } },
        Link: {
          fields: {
            traceId: { type: 'bytes', id: 1 }, spanId: { type: 'bytes', id: 2 }, traceState: { type: 'string', id: 3 },
            attributes: repeated('KeyValue', 4), droppedAttributesCount: { type: 'uint32', id: 5 }, flags: { type: 'fixed32', id: 6 },
          },
        },
        Status: { fields: { message: { type: 'string', id: 2 }, code: { type: 'int32', id: 3 } } },
        // logs/v1/logs.proto
        ResourceLogs: { fields: { resource: { type: 'Resource', id: 1 }, scopeLogs: repeated('ScopeLogs', 2), schemaUrl: { type: 'string', id: 3 } } },
        ScopeLogs: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, logRecords: repeated('LogRecord', 2), schemaUrl: { type: 'string', id: 3 } } },
        LogRecord: {
          fields: {
            timeUnixNano: { type: 'fixed64', id: 1 }, observedTimeUnixNano: { type: 'fixed64', id: 11 }, severityNumber: { type: 'int32', id: 2 },
            severityText: { type: 'string', id: 3 }, body: { type: 'AnyValue', id: 5 }, attributes: repeated('KeyValue', 6),
            droppedAttributesCount: { type: 'uint32', id: 7 }, flags: { type: 'fixed32', id: 8 }, traceId: { type: 'bytes', id: 9 },
            spanId: { type: 'bytes', id: 10 }, eventName: { type: 'string', id: 12 },
          },
        },
        // collector/{trace,logs}/v1/*_service.proto
        ExportTraceServiceRequest: { fields: { resourceSpans: repeated('ResourceSpans', 1) } },
        ExportTraceServiceResponse: { fields: { partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 } } },
        ExportTracePartialSuccess: { fields: { rejectedSpans: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
        ExportLogsServiceRequest: { fields: { resourceLogs: repeated('ResourceLogs', 1) } },
        ExportLogsServiceResponse: { fields: { partialSuccess: { type: 'ExportLogsPartialSuccess', id: 1 } } },
        ExportLogsPartialSuccess: { fields: { rejectedLogRecords: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
        // google/rpc/status.proto: the body of an error answer (details left out)
        RpcStatus: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 } } },
      },
    },
  },
};

let root: protobuf.Root | undefined;
function type(name: string): protobuf.Type {
  root ??= protobuf.Root.fromJSON(DESCRIPTOR);
  return root.lookupType(`otlp.${name}`);
}

export type Signal = 'traces' | 'logs';

/**
 * An ExportTraceServiceRequest / ExportLogsServiceRequest in protobuf -> the same value in OTLP/JSON shape (hex ids,
 * camelCase, int64 as decimal strings), so the one OTLP/JSON reader reads both. Throws on a malformed or truncated
 * body. protobufjs decodes the wire format; the walk below only renames what it decoded (one pass, no generic
 * toObject copy: at 50,000 spans/s that copy cost as much as the decoding).
 */
export function decodeOtlpProto(signal: Signal, body: Uint8Array): Record<string, unknown> {
  const t = type(signal === 'traces' ? 'ExportTraceServiceRequest' : 'ExportLogsServiceRequest');
  const msg = t.decode(body) as unknown as Msg;
  return signal === 'traces'
    ? { resourceSpans: list(msg.resourceSpans).map((rs) => ({ ...resourceOf(rs), scopeSpans: list(rs.scopeSpans).map((ss) => ({ ...scopeOf(ss), spans: list(ss.spans).map(spanOf) })) })) }
    : { resourceLogs: list(msg.resourceLogs).map((rl) => ({ ...resourceOf(rl), scopeLogs: list(rl.scopeLogs).map((sl) => ({ ...scopeOf(sl), logRecords: list(sl.logRecords).map(logOf) })) })) };
}

// A decoded message: fields not on the wire read as the prototype's defaults, so presence is `hasOwn`.
type Msg = Record<string, unknown> & { [k: string]: never | unknown };
const has = (o: Msg, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const list = (v: unknown): Msg[] => (Array.isArray(v) ? (v as Msg[]) : []);
const hex = (v: unknown): string => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : '');
/** fixed64 / int64 (a Long, or a number when small) -> decimal string, exactly. */
function long(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return String(v);
  const l = v as { low: number; high: number; unsigned?: boolean };
  if (typeof l.low !== 'number') return String(v);
  const n = (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
  return (l.unsigned || l.high >= 0 ? n : n - (1n << 64n)).toString();
}

function resourceOf(r: Msg): { resource?: { attributes: unknown[] } } {
  return has(r, 'resource') ? { resource: { attributes: kvs((r.resource as Msg).attributes) } } : {};
}

function scopeOf(s: Msg): { scope?: { name?: string; version?: string } } {
  if (!has(s, 'scope')) return {};
  const sc = s.scope as Msg;
  return { scope: { name: has(sc, 'name') ? (sc.name as string) : undefined, version: has(sc, 'version') ? (sc.version as string) : undefined } };
}

function spanOf(s: Msg): Record<string, unknown> {
  const out: Record<string, unknown> = {
    traceId: hex(s.traceId), spanId: hex(s.spanId), name: has(s, 'name') ? s.name : '', kind: has(s, 'kind') ? s.kind : 0,
    startTimeUnixNano: has(s, 'startTimeUnixNano') ? long(s.startTimeUnixNano) : undefined,
    endTimeUnixNano: has(s, 'endTimeUnixNano') ? long(s.endTimeUnixNano) : undefined,
    attributes: kvs(s.attributes),
  };
  const parent = hex(s.parentSpanId);
  if (parent) out.parentSpanId = parent;
  if (has(s, 'traceState')) out.traceState = s.traceState;
  const events = list(s.events);
  if (events.length) out.events = events.map((e) => ({ timeUnixNano: has(e, 'timeUnixNano') ? long(e.timeUnixNano) : undefined, name: has(e, 'name') ? e.name : '', attributes: kvs(e.attributes) }));
  const links = list(s.links);
  if (links.length) out.links = links.map((l) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId), attributes: kvs(l.attributes) }));
  if (has(s, 'status')) {
    const st = s.status as Msg;
    out.status = { code: has(st, 'code') ? st.code : 0, ...(has(st, 'message') ? { message: st.message } : {}) };
  }
  return out;
}

function logOf(r: Msg): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: kvs(r.attributes) };
  if (has(r, 'timeUnixNano')) out.timeUnixNano = long(r.timeUnixNano);
  if (has(r, 'observedTimeUnixNano')) out.observedTimeUnixNano = long(r.observedTimeUnixNano);
  if (has(r, 'severityNumber')) out.severityNumber = r.severityNumber;
  if (has(r, 'severityText')) out.severityText = r.severityText;
  if (has(r, 'body')) out.body = anyOf(r.body as Msg);
  if (has(r, 'eventName')) out.eventName = r.eventName;
  const traceId = hex(r.traceId);
  if (traceId) out.traceId = traceId;
  const spanId = hex(r.spanId);
  if (spanId) out.spanId = spanId;
  return out;
}

function kvs(v: unknown): unknown[] {
  return list(v).map((kv) => ({ key: has(kv, 'key') ? kv.key : '', value: has(kv, 'value') ? anyOf(kv.value as Msg) : {} }));
}

/** AnyValue -> its OTLP/JSON form; nested arrays and lists on an explicit stack (hostile input nests deep). */
function anyOf(root: Msg): Record<string, unknown> {
  const top: Record<string, unknown> = {};
  const stack: [Msg, Record<string, unknown>][] = [[root, top]];
  while (stack.length > 0) {
    const [v, into] = stack.pop()!;
    if (has(v, 'stringValue')) into.stringValue = v.stringValue;
    else if (has(v, 'boolValue')) into.boolValue = v.boolValue;
    else if (has(v, 'intValue')) into.intValue = long(v.intValue);
    else if (has(v, 'doubleValue')) into.doubleValue = v.doubleValue;
    else if (has(v, 'bytesValue')) into.bytesValue = Buffer.from(v.bytesValue as Uint8Array).toString('base64');
    else if (has(v, 'arrayValue')) {
      const values = list((v.arrayValue as Msg).values).map((x) => { const o = {}; stack.push([x, o]); return o; });
      into.arrayValue = { values };
    } else if (has(v, 'kvlistValue')) {
      const values = list((v.kvlistValue as Msg).values).map((kv) => { const o = {}; if (has(kv, 'value')) stack.push([kv.value as Msg, o]); return { key: has(kv, 'key') ? kv.key : '', value: o }; });
      into.kvlistValue = { values };
    }
  }
  return top;
}

/** The success answer: empty, or a partial success naming how many records were rejected and why. */
export function encodeExportResponse(signal: Signal, rejected: number, message: string): Uint8Array {
  const t = type(signal === 'traces' ? 'ExportTraceServiceResponse' : 'ExportLogsServiceResponse');
  if (rejected === 0 && message === '') return t.encode(t.create({})).finish();
  const partialSuccess = signal === 'traces' ? { rejectedSpans: rejected, errorMessage: message } : { rejectedLogRecords: rejected, errorMessage: message };
  return t.encode(t.fromObject({ partialSuccess })).finish();
}

/** google.rpc.Status, the body of a 4xx answer to a protobuf request. */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  const t = type('RpcStatus');
  return t.encode(t.create({ code, message })).finish();
}

const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** For tests and the load generator: a request in OTLP/JSON shape (hex ids) -> protobuf bytes. */
export function encodeOtlpProto(signal: Signal, value: Record<string, unknown>): Uint8Array {
  const t = type(signal === 'traces' ? 'ExportTraceServiceRequest' : 'ExportLogsServiceRequest');
  const copy = JSON.parse(JSON.stringify(value), (k, v) => (ID_KEYS.has(k) && typeof v === 'string' ? Buffer.from(v, 'hex') : v));
  return t.encode(t.fromObject(copy)).finish();
}
