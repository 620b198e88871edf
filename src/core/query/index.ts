// Public surface of the query language (no `vscode` here: the CLI, the extension and tests share it).
export * from './ast';
export { QueryError, caretLines } from './errors';
export { parseQuery, FIELD_NAMES } from './parser';
export { runQuery, resolveKind, timeOf } from './evaluate';
export type { QueryResult, QueryRun, RunOptions } from './evaluate';
export { indexFor } from './datasetIndex';
export { percentileOfSorted } from './percentile';
export { translateToInsights, toStartQueryInput, INSIGHTS_MAX_ROWS } from './insights';
export type { InsightsOptions, InsightsTranslation } from './insights';
export { printExpr } from './format';
