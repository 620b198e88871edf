// Child process for the lens bench: load a dataset once, index it once (StatsIndex + LensIndex, as
// a data load does), then time what a lens request costs per file: the lookup and the lens titles.
import * as fs from 'fs';
import * as path from 'path';
import { CodeMap, LensIndex, nodeFileReader } from '../src/core/code';
import { loadPaths } from '../src/core/load';
import { StatsIndex } from '../src/core/stats';

const APP = path.resolve(__dirname, '..', '..', 'samples', 'app');
const FILES = ['src/orders/handler.js', 'src/notifications/handler.py', 'src/billing/handler.ts', 'src/billing/dist/handler.js'].map((f) => path.join(APP, f));

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

async function run(dataDir: string): Promise<object> {
  const ds = await loadPaths([dataDir]);
  const t0 = performance.now();
  StatsIndex.of(ds);
  const statsMs = performance.now() - t0;
  const t1 = performance.now();
  const code = new CodeMap({ reader: nodeFileReader(), files: [listFiles(APP)] });
  const index = LensIndex.build(ds, code);
  const indexMs = performance.now() - t1;
  // Per file: what provideCodeLenses + resolveCodeLens do with the index (lookup, ranges, titles).
  let worst = 0, total = 0, n = 0, lenses = 0;
  for (let rep = 0; rep < 200; rep++) {
    for (const f of FILES) {
      const t = performance.now();
      const specs = index.lensesFor(f);
      let chars = 0;
      for (const s of specs) chars += s.title.length + s.tooltip.length + s.line;
      const ms = performance.now() - t;
      if (chars < 0) throw new Error('unreachable');
      worst = Math.max(worst, ms);
      total += ms;
      n++;
      if (rep === 0) lenses += specs.length;
    }
  }
  // The click: the slowest/failing traces of a handler.
  const t2 = performance.now();
  index.tracesForFunction('shop-orders-api');
  const pickMs = performance.now() - t2;
  return { meanMs: total / n, worstMs: worst, statsMs, indexMs, pickMs, lenses, spans: ds.spans.length, logEvents: ds.logEventCount };
}

run(process.argv[2]).then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
