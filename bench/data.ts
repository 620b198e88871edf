// The large generated dataset, made once per machine and reused (never checked in).
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { generateSample } from '../src/core/sample/index';

export const LARGE_TRACES = Number(process.env.BENCH_TRACES ?? 100_000);

export async function largeDataset(): Promise<{ dir: string }> {
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'data', `large-${LARGE_TRACES}`);
  const done = path.join(dir, '.complete');
  if (!existsSync(done)) {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    const t0 = Date.now();
    process.stderr.write(`generating the large dataset (${LARGE_TRACES} traces) in ${dir} ...\n`);
    await generateSample({ outDir: dir, traces: LARGE_TRACES, large: true, seed: 7 });
    process.stderr.write(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    await fs.writeFile(done, new Date().toISOString());
  }
  return { dir };
}
