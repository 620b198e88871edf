// Parallel ingest: parse workers read files, and byte ranges of large files cut at line boundaries; this thread
// replays their column batches into the builder in file order, so the Dataset is the one a single-threaded read
// makes. A range is kept only when it read as the whole file would have (RangeSummary.selfContained: no record
// spanning lines, which may cross a cut, and no text that could carry a line number the worker could not know);
// otherwise the file is read again from that range's start to its end by one worker, with the right line numbers.
import { promises as fs } from 'fs';
import type { FileSummary, Format } from '../model';
import type { Sink } from '../readers/types';
import type { SourceProgress } from '../source';
import type { MaskOptions } from '../mask/masker';
import { maskKey } from '../mask/masker';
import type { InputLimits, RangeSummary } from './readFile';
import { ColumnBatch, ColumnReader } from './recordColumns';
import { ParsePool } from './parsePool';

/** Files larger than this are cut into ranges of about this size. */
export const DEFAULT_RANGE_BYTES = 16 * 1024 * 1024;

export interface ParallelReadOptions extends InputLimits {
  pool: ParsePool;
  mask?: MaskOptions;
  /** Range size (tests cut small files to put cuts everywhere). */
  rangeBytes?: number;
  signal?: AbortSignal;
  onProgress?(p: SourceProgress): void;
  total?: number;
}

/** One job's batches as they arrive, and its end. */
class JobRun {
  readonly batches: ColumnBatch[] = [];
  summary?: RangeSummary;
  error?: Error;
  private wake?: () => void;
  /** A run whose result is no longer wanted (a range after one that must be read again). */
  dropped = false;

  constructor(pool: ParsePool, job: Parameters<ParsePool['run']>[0], first = false) {
    pool.run(job, { batch: (b) => { if (!this.dropped) { this.batches.push(b); this.poke(); } } }, first).then(
      (s) => { this.summary = s; this.poke(); },
      (e: Error) => { this.error = e; this.poke(); },
    );
  }

  get finished(): boolean {
    return this.summary !== undefined || this.error !== undefined;
  }

  /** Resolves when the job ends. */
  async ended(): Promise<void> {
    while (!this.finished) await new Promise<void>((r) => { this.wake = r; });
  }

  /** Resolves when a batch arrives or the job ends. */
  next(): Promise<void> {
    if (this.batches.length > 0 || this.finished) return Promise.resolve();
    return new Promise((r) => { this.wake = r; });
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}

interface FilePlan { file: string; cuts: number[] }

/** Byte offsets where the file's ranges start (each right after a newline); [0] when it is read whole. */
export async function planRanges(file: string, rangeBytes: number): Promise<number[]> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(file, 'r');
    const size = (await fh.stat()).size;
    if (size <= rangeBytes) return [0];
    const head = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    // gzip cannot be entered mid-stream; UTF-16 newlines are not single bytes.
    if ((head[0] === 0x1f && head[1] === 0x8b) || (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return [0];
    const cuts = [0];
    const window = Buffer.alloc(64 * 1024);
    let at = rangeBytes;
    while (at < size) {
      const cut = await nextLineStart(fh, window, at, size);
      if (cut < 0 || cut >= size) break;
      cuts.push(cut);
      at = cut + rangeBytes;
    }
    return cuts;
  } catch {
    return [0]; // the read reports why the file cannot be read, with its name
  } finally {
    await fh?.close();
  }
}

async function nextLineStart(fh: fs.FileHandle, window: Buffer, from: number, size: number): Promise<number> {
  for (let at = from; at < size; at += window.length) {
    const { bytesRead } = await fh.read(window, 0, window.length, at);
    if (bytesRead === 0) return -1;
    const nl = window.subarray(0, bytesRead).indexOf(10);
    if (nl >= 0) return at + nl + 1;
  }
  return -1;
}

/** Reads the files with the pool into `sink` (unmasked: the workers masked), in the order given. */
export async function readFilesParallel(files: string[], sink: Sink, opts: ParallelReadOptions): Promise<FileSummary[]> {
  const rangeBytes = Math.max(1, opts.rangeBytes ?? DEFAULT_RANGE_BYTES);
  const plans: FilePlan[] = [];
  for (const file of files) plans.push({ file, cuts: await planRanges(file, rangeBytes) });
  const key = maskKey();
  const base = { maxLineBytes: opts.maxLineBytes, maxDecompressedBytes: opts.maxDecompressedBytes, mask: opts.mask, maskKey: key };
  // Jobs in order; at most a few ahead of the one being replayed, so waiting batches stay few.
  const order: { plan: FilePlan; index: number }[] = [];
  for (const plan of plans) for (let i = 0; i < plan.cuts.length; i++) order.push({ plan, index: i });
  const runs: JobRun[] = [];
  const ahead = opts.pool.size * 2 + 1;
  const startUpTo = (n: number) => {
    while (runs.length < Math.min(n, order.length)) {
      const { plan, index } = order[runs.length];
      const whole = plan.cuts.length === 1;
      runs.push(new JobRun(opts.pool, {
        ...base, file: plan.file,
        range: whole ? undefined : { start: plan.cuts[index], end: plan.cuts[index + 1] },
      }));
    }
  };
  const progress = { records: 0, bytes: 0, total: opts.total };
  const replay = (reader: ColumnReader, b: ColumnBatch) => {
    progress.records += reader.replay(b, sink);
    progress.bytes += b.bytes;
    opts.onProgress?.({ ...progress });
  };
  // Rather than wait, this thread parses a job still queued (the last: the head's batches keep being replayed
  // between its chunks). One at a time, so replaying is never far behind.
  let helping: Promise<void> | undefined;
  const help = () => {
    if (helping || opts.signal?.aborted) return;
    helping = opts.pool.stealLast()?.finally(() => { helping = undefined; });
  };
  /** Replays a run as its batches come (it needs no check once read). */
  const stream = async (run: JobRun, reader: ColumnReader): Promise<RangeSummary | undefined> => {
    for (;;) {
      if (run.batches.length === 0 && !run.finished) help();
      await (helping ? Promise.race([run.next(), helping]) : run.next());
      while (run.batches.length > 0) {
        if (opts.signal?.aborted) return undefined;
        replay(reader, run.batches.shift()!);
      }
      if (run.error) throw run.error;
      if (run.summary) return run.summary;
    }
  };

  const summaries: FileSummary[] = [];
  let next = 0;
  for (const plan of plans) {
    if (opts.signal?.aborted) break;
    const merged = { file: plan.file, formats: new Set<Format>(), records: 0, bytes: 0 };
    const add = (s: RangeSummary) => {
      for (const f of s.formats) merged.formats.add(f);
      merged.records += s.records;
      merged.bytes += s.bytes;
    };
    let lines = 0;
    for (let i = 0; i < plan.cuts.length; i++) {
      startUpTo(next + ahead);
      const run = runs[next++];
      if (plan.cuts.length === 1) {
        const s = await stream(run, new ColumnReader(0));
        if (s) add(s);
        break;
      }
      while (!run.finished) {
        help();
        await (helping ? Promise.race([run.ended(), helping]) : run.ended());
      }
      if (run.error) throw run.error;
      const s = run.summary!;
      if (s.selfContained) {
        const reader = new ColumnReader(lines);
        for (const b of run.batches.splice(0)) {
          if (opts.signal?.aborted) break;
          replay(reader, b);
        }
        add(s);
        lines += s.lines;
        if (!s.stopped) continue;
      } else {
        // Read the rest of the file in one go from this range's start, now that the lines before it are known.
        run.batches.length = 0;
        const again = new JobRun(opts.pool, { ...base, file: plan.file, range: { start: plan.cuts[i], lineBase: lines } }, true);
        const rest = await stream(again, new ColumnReader(0));
        if (rest) add(rest);
      }
      // The file ends here (read to its end, or stopped): skip its remaining ranges.
      const remaining = plan.cuts.length - 1 - i;
      startUpTo(next + remaining);
      for (let j = 0; j < remaining; j++) runs[next + j].dropped = true;
      next += remaining;
      break;
    }
    summaries.push({ file: merged.file, formats: [...merged.formats], records: merged.records, bytes: merged.bytes });
  }
  await helping; // a job this thread took that is no longer wanted: let it end before the pool closes
  return summaries;
}
