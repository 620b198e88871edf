// JsonReader for Lambda JSON-format records that are themselves the JSON value (Telemetry API NDJSON, JSON exports).
import type { JsonReader, ReadContext } from '../types';
import { toEpochMs } from './epoch';
import { lambdaEventFromJson } from './message';
import { isObj, typeName } from './scan';

export const lambdaJsonRecordReader: JsonReader = {
  format: 'lambda-json',
  matches(value: unknown): boolean {
    if (!isObj(value)) return false;
    const type = value.type;
    if (typeof type === 'string') {
      // Without `time` it is still recognisably ours: read() then names the missing field.
      return 'record' in value && (type.startsWith('platform.') || ('time' in value && (type === 'function' || type === 'extension')));
    }
    // App records: Lambda JSON format (no requestId during init), Powertools, pino-style JSON logs.
    return ('level' in value || 'log_level' in value) && ('timestamp' in value || 'time' in value) &&
      (typeof value.requestId === 'string' || typeof value.function_request_id === 'string' || 'message' in value || 'msg' in value);
  },
  read(value: unknown, ctx: ReadContext): void {
    if (!isObj(value)) {
      ctx.sink.skip('wrong-type', ctx.origin, `record is ${typeName(value)}, expected object`);
      return;
    }
    const field = 'type' in value ? 'time' : 'time' in value ? 'time' : 'timestamp';
    const raw = value[field];
    if (raw === undefined || raw === null) {
      ctx.sink.skip('missing-field', ctx.origin, `${field} is missing`);
      return;
    }
    const ts = toEpochMs(raw);
    if (ts === undefined) {
      ctx.sink.skip('wrong-type', ctx.origin, `${field} is ${typeName(raw)} ${JSON.stringify(raw).slice(0, 40)}, expected an ISO 8601 time or epoch number`);
      return;
    }
    const e = lambdaEventFromJson(value, undefined, ts, ctx.hints, 'lambda-json', ctx.origin);
    if (e) ctx.sink.log(e);
    else ctx.sink.skip('unknown-record', ctx.origin, 'not a Lambda log record');
  },
};
