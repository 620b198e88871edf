// Child process of the investigation bench (issue 18), host side in plain Node: the real ExplorerController
// answering `searchTrace` on a 1M-span trace that is already open (its rows built, as after openTrace), and
// `compareTraces` on two 10,000-span traces. Times are from the message handed to the controller to its
// reply posted (the reply built and stamped, as it would cross to the webview).
import { ExplorerController } from '../src/extension/explorer/logic/controller';
import type { Dataset } from '../src/core/dataset';
import type { HostMessage } from '../src/protocol/messages';
import { toHost } from '../src/protocol/messages';
import { explorerDataset } from './explorerTrace';
import { background } from '../src/core/background';

function controllerOver(dataset: Dataset, posted: HostMessage[]): ExplorerController {
  const c = new ExplorerController(() => ({ dataset, sourceLabel: 'bench', loading: false, version: 1 }), {
    post: (m) => posted.push(m), openSource: () => undefined, openLocation: () => undefined, log: () => undefined,
  });
  c.handle(toHost({ type: 'ready' }));
  return c;
}

function timed(c: ExplorerController, posted: HostMessage[], m: Parameters<typeof toHost>[0], reply: HostMessage['type']): { ms: number; cpuMs: number; m: HostMessage } {
  posted.length = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  c.handle(toHost(m));
  const ms = performance.now() - t;
  const cu = process.cpuUsage(cpu);
  const got = posted.find((p) => p.type === reply);
  if (!got) throw new Error(`no ${reply}: ${JSON.stringify(posted.slice(0, 2)).slice(0, 300)}`);
  return { ms, cpuMs: (cu.user + cu.system) / 1000, m: got };
}

async function run(): Promise<object> {
  const spans = Number(process.argv[2] ?? 1_000_000);
  const diffSpans = Number(process.argv[3] ?? 10_000);
  // Search: open the big trace first (rows built), then search for texts of different selectivity.
  const big = explorerDataset(spans);
  const posted: HostMessage[] = [];
  const c = controllerOver(big.dataset, posted);
  const open = timed(c, posted, { type: 'openTrace', requestId: 1, traceId: big.traceId }, 'traceMeta');
  // The page asks for its first rows; after they went out, the trace's words for search are read in the background
  // once the view is quiet (as in the panel).
  timed(c, posted, { type: 'getRows', requestId: 2, traceId: big.traceId, version: 0, offset: 0, limit: 60 }, 'rows');
  const idle0 = process.cpuUsage();
  // The flame graph's warm-up is dropped, so the getFlame below pays for making the graph (cold).
  background.drop('flame:');
  await background.whenIdle();
  const idle = process.cpuUsage(idle0);
  const indexCpuMs = (idle.user + idle.system) / 1000;
  const queries = ['boom', 'PutItem', 'api-3.example.com', 'no-such-text-anywhere'];
  const search = queries.map((text, i) => {
    const r = timed(c, posted, { type: 'searchTrace', requestId: 10 + i, traceId: big.traceId, text, onlyMatches: false, index: 0 }, 'searchResult');
    const s = (r.m as Extract<HostMessage, { type: 'searchResult' }>).search;
    return { text, ms: r.ms, cpuMs: r.cpuMs, total: s.total };
  });
  const step = timed(c, posted, { type: 'searchTrace', requestId: 30, traceId: big.traceId, text: 'boom', onlyMatches: false, index: 5 }, 'searchResult');
  const only = timed(c, posted, { type: 'searchTrace', requestId: 31, traceId: big.traceId, text: 'boom', onlyMatches: true, index: 0 }, 'searchResult');
  const flameHost = timed(c, posted, { type: 'getFlame', requestId: 32, traceId: big.traceId, root: 0, minWidth: 1 / 2800 }, 'flame');
  const flame = (flameHost.m as Extract<HostMessage, { type: 'flame' }>).flame;
  // Compare: two 10,000-span traces of the same shape generator, different seeds.
  const a = explorerDataset(diffSpans, 11, 0);
  const b = explorerDataset(diffSpans, 12, 0);
  const ta = a.dataset.traceById.get(a.traceId)!;
  const tb = { ...b.dataset.traceById.get(b.traceId)!, traceId: 'f'.repeat(32) };
  const ds = { traces: [ta, tb], traceById: new Map([[ta.traceId, ta], [tb.traceId, tb]]) } as unknown as Dataset;
  const cc = controllerOver(ds, posted);
  const diffs = [0, 1, 2].map((i) => timed(cc, posted, { type: 'compareTraces', requestId: 40 + i, a: ta.traceId, b: tb.traceId }, 'comparison'));
  const comparison = (diffs[0].m as Extract<HostMessage, { type: 'comparison' }>).comparison;
  return {
    spans: big.spans, openMs: open.ms, openCpuMs: open.cpuMs, indexCpuMs, search, stepCpuMs: step.cpuMs, stepMs: step.ms, onlyMatchesMs: only.ms,
    flameHostMs: flameHost.ms, flameHostCpuMs: flameHost.cpuMs, flameFrames: flame.frameCount, flameSent: flame.frames.id.length,
    diffSpans: [ta.nodes.length, tb.nodes.length], diffMs: diffs.map((d) => d.ms), diffCpuMs: diffs.map((d) => d.cpuMs),
    diffRows: comparison.rows.depth.length, diffBytes: JSON.stringify(comparison).length,
  };
}

run().then((r) => process.stdout.write(JSON.stringify(r) + '\n'), (e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exitCode = 1; });
