// Statistics for observability: percentiles over time, anomalies, slow-vs-fast comparison. No `vscode` here.
export * from './quantile';
export * from './groupTable';
export * from './extract';
export * from './buckets';
export * from './groupStats';
export * from './anomalies';
export * from './binomial';
export * from './computeStats';
export * from './features';
export * from './compare';
export * from './statsIndex';
