// Code lenses' measure: lens computation per file on the sample and on the large (~1M events)
// dataset, once the per-load indexes exist; the index build itself is reported beside it.
import * as path from 'path';
import { Figure, runChild } from './measure';
import { largeDataset } from './data';

interface LensResult { meanMs: number; worstMs: number; statsMs: number; indexMs: number; pickMs: number; lenses: number; spans: number; logEvents: number }

export async function lensBench(): Promise<Figure[]> {
  const child = path.join(__dirname, 'lensesChild.js');
  const sample = runChild<LensResult>(child, [path.resolve(__dirname, '..', '..', 'samples', 'data')]);
  const data = await largeDataset();
  const large = runChild<LensResult>(child, [data.dir]);
  const note = (r: LensResult, target: number) =>
    `worst ${r.worstMs.toFixed(3)} ms over 4 files x 200; ${r.lenses} lenses; target <= ${target} ms. Once per load: stats index ${Math.round(r.statsMs)} ms, lens index ${Math.round(r.indexMs)} ms (${r.spans} spans, ${r.logEvents} log events); trace pick ${r.pickMs.toFixed(1)} ms`;
  return [
    { name: 'lenses.per_file_ms_sample', value: sample.worstMs, unit: 'ms', note: note(sample, 20) },
    { name: 'lenses.per_file_ms_large', value: large.worstMs, unit: 'ms', note: note(large, 100) },
    { name: 'lenses.index_build_ms_large', value: Math.round(large.indexMs), unit: 'ms', note: 'lens index built once per data load (code map + span lines + handler stats lookup)' },
  ];
}
