// Ground truth about a generated dataset: what the files contain, so tests and benchmarks can check readers.

export interface FunctionCounts {
  invocations: number;
  coldStarts: number;
  /** Invocations that ended with a function error (not timeouts or crashes). */
  errors: number;
  timeouts: number;
  crashes: number;
  logEvents: number;
}

export interface ManifestWindow {
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

export interface ManifestFile {
  /** Relative to the output folder, with forward slashes. */
  path: string;
  bytes: number;
  /** 'cloudwatch-export' | 'cloudwatch-event' | 'aws-spans' | 'xray' */
  format: string;
  /** Log events, spans or X-Ray traces in the file. */
  records: number;
}

export interface Manifest {
  generator: 'serverless-trace-explorer/sample';
  version: 1;
  seed: number;
  large: boolean;
  start: string;
  end: string;
  startMs: number;
  durationMs: number;
  files: ManifestFile[];
  traces: { total: number; awsSpans: number; xray: number; /** Traces sampled out (logs only); absent when all are sampled. */ unsampled?: number };
  /** aws/spans span lines. */
  spans: number;
  xray: { segments: number; subsegments: number };
  invocations: number;
  /** Invocations whose REPORT carries their trace's id. */
  joinableInvocations: number;
  logEvents: number;
  coldStarts: number;
  errors: number;
  timeouts: number;
  crashes: number;
  functions: Record<string, FunctionCounts>;
  incidents: {
    dynamoSpike: ManifestWindow & { putItemP95InsideMs: number; putItemP95OutsideMs: number; throttledRequests: number };
    idpBurst: ManifestWindow & { rejectedRequests: number; rejectedOutside: number };
    notificationsJsonFrom: string;
    mail5xx: number;
    timeout: { traceId: string; requestId: string; functionName: string };
    crash: { traceId: string; requestId: string; functionName: string };
  };
  /** X-Ray form (1-xxxxxxxx-...) of the longest trace. */
  slowestTraceId: string;
  slowestTraceMs: number;
}
