// The documented default per-account, per-Region API quotas the fetchers are tuned to (and the loopback test server
// enforces). Sources:
// - FilterLogEvents: 5 TPS per account per Region, not adjustable — AWS Knowledge Center, "How do I determine
//   throttling in my CloudWatch logs?" (https://aws.amazon.com/premiumsupport/knowledge-center/cloudwatch-logs-throttling/),
//   and the CloudWatch Logs quotas page (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html).
// - GetLogEvents 25 TPS, DescribeLogGroups 5 TPS, StartQuery 5 TPS, GetQueryResults 5 TPS, StopQuery 5 TPS:
//   the CloudWatch Logs quotas page above (values as of 2024; adjustable ones can be raised per account).
// - 30 concurrent Logs Insights queries: the StartQuery API reference ("You can have up to 30 concurrent CloudWatch
//   Logs insights queries, including queries that have been added to dashboards"); up to 50 log groups per query.
// - Page sizes: FilterLogEvents and GetLogEvents return up to 10,000 events or 1 MB per call; DescribeLogGroups up
//   to 50 groups; an Insights result holds at most 10,000 rows (API references; Insights `limit` command page).
// - X-Ray: BatchGetTraces takes 1 to 5 trace ids (BatchGetTraces API reference, TraceIds array bounds). The X-Ray
//   TPS figures were not in the stored docs; 5 TPS is a conservative assumption, and adaptive retry corrects it.
export const LOGS_TPS = {
  FilterLogEvents: 5,
  GetLogEvents: 25,
  DescribeLogGroups: 5,
  StartQuery: 5,
  GetQueryResults: 5,
  StopQuery: 5,
} as const;

export const XRAY_TPS = {
  GetTraceSummaries: 5,
  BatchGetTraces: 5,
} as const;

export const DOCUMENTED_TPS: Record<string, number> = { ...LOGS_TPS, ...XRAY_TPS };

export const LIMITS = {
  eventsPerPage: 10_000,
  bytesPerPage: 1_048_576,
  logGroupsPerDescribePage: 50,
  insightsRowCap: 10_000,
  insightsConcurrentQueries: 30,
  insightsLogGroupsPerQuery: 50,
  batchGetTracesIds: 5,
} as const;
