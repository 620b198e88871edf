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

// Plain objects: only the fields that were sent (no prototype defaults), 64-bit numbers as decimal strings as OTLP/JSON
// writes them, bytes as Buffers (ids are turned into hex below, other bytes into base64).
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, defaults: false, arrays: false };

export type Signal = 'traces' | 'logs';

/**
 * An ExportTraceServiceRequest / ExportLogsServiceRequest in protobuf -> the same value in OTLP/JSON shape (hex ids,
 * camelCase, int64 as strings), so the one OTLP/JSON reader reads both. Throws on a malformed or truncated body.
 */
export function decodeOtlpProto(signal: Signal, body: Uint8Array): Record<string, unknown> {
  const t = type(signal === 'traces' ? 'ExportTraceServiceRequest' : 'ExportLogsServiceRequest');
  const value = t.toObject(t.decode(body), TO_OBJECT);
  fixBytes(value);
  return value;
}

const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** Ids to lowercase hex (OTLP/JSON), any other bytes value to base64; iterative (attribute values nest deep). */
function fixBytes(root: Record<string, unknown>): void {
  const stack: Record<string, unknown>[] = [root];
  while (stack.length > 0) {
    const o = stack.pop()!;
    for (const k in o) {
      const v = o[k];
      if (v instanceof Uint8Array) o[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString(ID_KEYS.has(k) ? 'hex' : 'base64');
      else if (Array.isArray(v)) { for (const x of v) if (x !== null && typeof x === 'object') stack.push(x as Record<string, unknown>); }
      else if (v !== null && typeof v === 'object') stack.push(v as Record<string, unknown>);
    }
  }
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

/** For tests and the load generator: a request in OTLP/JSON shape (hex ids) -> protobuf bytes. */
export function encodeOtlpProto(signal: Signal, value: Record<string, unknown>): Uint8Array {
  const t = type(signal === 'traces' ? 'ExportTraceServiceRequest' : 'ExportLogsServiceRequest');
  const copy = JSON.parse(JSON.stringify(value), (k, v) => (ID_KEYS.has(k) && typeof v === 'string' ? Buffer.from(v, 'hex') : v));
  return t.encode(t.fromObject(copy)).finish();
}
