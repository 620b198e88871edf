// One interface for every place data comes from (local files, the bundled sample, CloudWatch, X-Ray).
import type { Sink } from './readers/types';
import type { FileSummary, Problem } from './model';
import type { MaskOptions } from './mask/masker';

export interface SourceProgress {
  /** Records (log events + spans) read so far. */
  records: number;
  /** Bytes read so far, when known. */
  bytes?: number;
  /** Estimated total bytes or records, when known. */
  total?: number;
  message?: string;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?(p: SourceProgress): void;
  /** Secret masking (on unless `enabled: false`), applied by loadSources before the builder keeps anything. */
  mask?: MaskOptions;
  /**
   * Parse workers for local files (docs/engine.md, Parallel ingest). Absent: read in this thread. 0: auto (every
   * core but one, at least one; this thread for small inputs). n: that many workers.
   */
  parseWorkers?: number;
  /** The parse worker's script; by default `parseWorker.js` next to the core (tsc) or the bundle (webpack). */
  parseWorkerScript?: string;
  /** Size of the byte ranges large files are cut into for the workers (tests make it small). */
  rangeBytes?: number;
}

export interface TraceSource {
  readonly id: string;
  readonly label: string;
  /** Streams records into the sink as they are read. Resolves when the source is exhausted. */
  load(sink: Sink, opts?: LoadOptions): Promise<SourceResult>;
}

export interface SourceResult {
  files: FileSummary[];
  problems: Problem[];
}
