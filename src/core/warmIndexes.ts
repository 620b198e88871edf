// After a load, the indexes the first query and the first view would otherwise build while the user waits:
// the query index, its span index, the cost model and the per-function statistics (code lenses, Anomalies' first chart).
// Each is its own background task; a task for a dataset that was replaced meanwhile does nothing.
import type { Dataset } from './dataset';
import { background } from './background';

export function warmIndexes(ds: Dataset, isCurrent: (ds: Dataset) => boolean): void {
  background.drop('warm:');
  const step = (name: string, run: () => Promise<void>) => background.add(`warm:${name}`, () => {
    if (isCurrent(ds)) void run();
  });
  // The modules load here, after the load, not at activation.
  step('query', async () => { (await import('./query/datasetIndex')).indexFor(ds); });
  step('spans', async () => { void (await import('./query/datasetIndex')).indexFor(ds).span; });
  // The cost model reads every span once (architectures, memory sizes): ~70 ms at 200,000 spans, not the first query's.
  step('cost', async () => { (await import('./cost/model')).costModelFor(ds); });
  step('stats', async () => { (await import('./stats/statsIndex')).StatsIndex.of(ds); });
}
