// Lambda log lines (text and JSON log format, platform and runtime lines) -> LogEvent.
// The public surface: exactly what other readers, ingest and the Insights client use. The modules beside this
// one are internal to the Lambda reader.
// Hot path: runs once per CloudWatch event. Dispatch on the first character, scan with indexOf/charCodeAt,
// JSON.parse only messages that start with `{`, and parse a line's own timestamp only when the caller has none.
export { toEpochMs } from './epoch';
export { functionNameFromLogGroup, normalizeLevel } from './helpers';
export { lambdaEventFromJson, parseLambdaMessage, plainLogEvent, traceIdOf } from './message';
export { lambdaJsonRecordReader } from './jsonRecords';
export { createLambdaTextReader, isBracketedLevelLine } from './textReader';
export { typeName } from './scan';
