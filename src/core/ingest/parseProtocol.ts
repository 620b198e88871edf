// Messages between the loading thread and a parse worker (parsePool.ts <-> parseWorker.ts).
import type { MaskOptions } from '../mask/masker';
import type { RangeSummary } from './readFile';
import type { ColumnBatch } from './recordColumns';

export interface ParseJob {
  id: number;
  file: string;
  /** Absent: the whole file. */
  range?: { start: number; end?: number; lineBase?: number };
  maxLineBytes?: number;
  maxDecompressedBytes?: number;
  mask?: MaskOptions;
  /** The loading thread's masking key: an equal secret reads the same whichever worker masked it. */
  maskKey: Uint8Array;
}

export type WorkerReply =
  | { type: 'batch'; id: number; batch: ColumnBatch }
  | { type: 'done'; id: number; summary: RangeSummary }
  | { type: 'failed'; id: number; message: string };
