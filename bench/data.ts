// The large generated dataset, made once per machine and reused (never checked in).
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { generateSample } from '../src/core/sample/index';

export const LARGE_TRACES = Number(process.env.BENCH_TRACES ?? 100_000);

/**
 * `spanSampleRate` < 1 writes the spans of only that share of traces (logs of all): the core bench's
 * workload of 1M log events + 200k spans is the default 100k traces at 0.2.
 */
export async function largeDataset(spanSampleRate = 1): Promise<{ dir: string }> {
  const name = spanSampleRate < 1 ? `large-${LARGE_TRACES}-sampled-${Math.round(spanSampleRate * 100)}` : `large-${LARGE_TRACES}`;
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'data', name);
  const done = path.join(dir, '.complete');
  if (!existsSync(done)) {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    const t0 = Date.now();
    process.stderr.write(`generating the large dataset (${LARGE_TRACES} traces, spans of ${spanSampleRate * 100}%) in ${dir} ...\n`);
    await generateSample({ outDir: dir, traces: LARGE_TRACES, large: true, seed: 7, spanSampleRate });
    process.stderr.write(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    await fs.writeFile(done, new Date().toISOString());
  }
  return { dir };
}
