// Reading local files and folders into a Dataset: the path the CLI, the extension and the bench share.
import { promises as fs } from 'fs';
import type { Dataset } from './dataset';
import type { Sink } from './readers/types';
import type { LoadOptions, SourceResult, TraceSource } from './source';
import { DatasetBuilder } from './correlate/builder';
import { expandPaths } from './ingest/walk';
import { InputLimits, readFile } from './ingest/readFile';
import { createMasker, maskingSink } from './mask';
import { readFilesParallel } from './ingest/parallelLoad';
import { defaultParseWorkers, ParsePool } from './ingest/parsePool';

/** Below this much input, `parseWorkers: 0` (auto) reads in this thread: starting workers would cost more. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

export class LocalFilesSource implements TraceSource {
  readonly id: string;
  readonly label: string;

  constructor(readonly paths: string[], label?: string, readonly limits: InputLimits = {}) {
    this.id = `local:${paths.join(',')}`;
    this.label = label ?? paths.join(', ');
  }

  async load(sink: Sink, opts: LoadOptions = {}): Promise<SourceResult> {
    return this.loadWith(sink, undefined, opts);
  }

  /**
   * `unmasked`: the sink behind the masking one. With parse workers (opts.parseWorkers), they mask what they read
   * themselves and their records go straight to it; a path that cannot be listed still goes through `sink`.
   */
  async loadWith(sink: Sink, unmasked: Sink | undefined, opts: LoadOptions = {}): Promise<SourceResult> {
    // A path that cannot be read is a problem naming it; the others are still read.
    const files = await expandPaths(this.paths, (p) => sink.skip('unreadable', { file: p.path, line: 0 }, p.message));
    let total = 0;
    for (const f of files) total += await fs.stat(f).then((s) => s.size, () => 0); // readFile reports it
    const workers = opts.parseWorkers === undefined || (opts.parseWorkers === 0 && total < PARALLEL_MIN_BYTES) ? 0
      : opts.parseWorkers > 0 ? opts.parseWorkers : defaultParseWorkers();
    if (workers > 0 && unmasked && files.length > 0) {
      const pool = new ParsePool(workers, opts.parseWorkerScript);
      try {
        const summaries = await readFilesParallel(files, unmasked, {
          ...this.limits, pool, mask: opts.mask, rangeBytes: opts.rangeBytes, signal: opts.signal, onProgress: opts.onProgress, total,
        });
        return { files: summaries, problems: [] };
      } finally {
        await pool.close();
      }
    }
    let bytes = 0;
    let records = 0;
    const counting: Sink = {
      log: (e) => { records++; sink.log(e); },
      span: (s) => { records++; sink.span(s); },
      skip: (r, o, m) => sink.skip(r, o, m),
    };
    const summaries = [];
    for (const file of files) {
      if (opts.signal?.aborted) break;
      const r = await readFile(file, counting, {
        ...this.limits,
        signal: opts.signal,
        onBytes: (n) => { bytes += n; opts.onProgress?.({ records, bytes, total }); },
      });
      summaries.push({ file: r.file, formats: r.formats, records: r.records, bytes: r.bytes });
    }
    return { files: summaries, problems: [] };
  }
}

/** Reads every source into one builder (through the masking sink), then correlates. */
export async function loadSources(sources: TraceSource[], opts: LoadOptions = {}): Promise<Dataset> {
  const builder = new DatasetBuilder();
  const sink = maskingSink(builder, createMasker(opts.mask));
  for (const s of sources) {
    const result = s instanceof LocalFilesSource ? await s.loadWith(sink, builder, opts) : await s.load(sink, opts);
    builder.files.push(...result.files);
  }
  return builder.build();
}

/** Masks secrets unless `opts.mask.enabled` is false. */
export function loadPaths(paths: string[], opts: LoadOptions & InputLimits = {}): Promise<Dataset> {
  const { maxLineBytes, maxDecompressedBytes } = opts;
  return loadSources([new LocalFilesSource(paths, undefined, { maxLineBytes, maxDecompressedBytes })], opts);
}
