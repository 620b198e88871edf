// Reading local files and folders into a Dataset: the path the CLI, the extension and the bench share.
import { promises as fs } from 'fs';
import type { Dataset } from './dataset';
import type { Sink } from './readers/types';
import type { LoadOptions, SourceResult, TraceSource } from './source';
import { DatasetBuilder } from './correlate/builder';
import { expandPaths } from './ingest/walk';
import { InputLimits, readFile } from './ingest/readFile';
import { createMasker, maskingSink } from './mask';

export class LocalFilesSource implements TraceSource {
  readonly id: string;
  readonly label: string;

  constructor(readonly paths: string[], label?: string, readonly limits: InputLimits = {}) {
    this.id = `local:${paths.join(',')}`;
    this.label = label ?? paths.join(', ');
  }

  async load(sink: Sink, opts: LoadOptions = {}): Promise<SourceResult> {
    // A path that cannot be read is a problem naming it; the others are still read.
    const files = await expandPaths(this.paths, (p) => sink.skip('unreadable', { file: p.path, line: 0 }, p.message));
    let total = 0;
    for (const f of files) total += await fs.stat(f).then((s) => s.size, () => 0); // readFile reports it
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
      summaries.push(await readFile(file, counting, {
        ...this.limits,
        signal: opts.signal,
        onBytes: (n) => { bytes += n; opts.onProgress?.({ records, bytes, total }); },
      }));
    }
    return { files: summaries, problems: [] };
  }
}

/** Reads every source into one builder (through the masking sink), then correlates. */
export async function loadSources(sources: TraceSource[], opts: LoadOptions = {}): Promise<Dataset> {
  const builder = new DatasetBuilder();
  const sink = maskingSink(builder, createMasker(opts.mask));
  for (const s of sources) {
    const result = await s.load(sink, opts);
    builder.files.push(...result.files);
  }
  return builder.build();
}

/** Masks secrets unless `opts.mask.enabled` is false. */
export function loadPaths(paths: string[], opts: LoadOptions & InputLimits = {}): Promise<Dataset> {
  const { maxLineBytes, maxDecompressedBytes } = opts;
  return loadSources([new LocalFilesSource(paths, undefined, { maxLineBytes, maxDecompressedBytes })], opts);
}
