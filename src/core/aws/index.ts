// AWS data sources (no VS Code dependency): CloudWatch Logs, Logs Insights, live tail, X-Ray, disk cache.
export { CloudWatchSource, SPANS_GROUP } from './cloudwatchSource';
export type { CloudWatchSourceOptions } from './cloudwatchSource';
export { InvocationsSource, otelTraceId } from './invocationsSource';
export { XRaySource } from './xraySource';
export { LiveTail } from './liveTail';
export { LogCache } from './cache';
export type { RawEvent } from './cache';
export { discover, listLogGroups } from './discovery';
export type { LogGroupInfo } from './discovery';
export { runInsights, slowestInvocations } from './insights';
export type { Invocation } from './insights';
export { AwsFetchError, explainAwsError } from './errors';
export { listProfiles } from './profiles';
export { parseTime } from './timeRange';
export { logsClient, xrayClient, connectionKey } from './clients';
export type { AwsConnection } from './clients';
export { DOCUMENTED_TPS, LIMITS, LOGS_TPS, XRAY_TPS } from './quotas';
