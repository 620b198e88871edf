// CLI options for the cost model (--region, --arch, --infra, --memory-headroom) and the JSON the verbs print.
import * as fs from 'fs';
import * as path from 'path';
import { discoverFunctions } from '../core/code/discover';
import { nodeFileReader } from '../core/code/fileReader';
import type { Dataset } from '../core/dataset';
import {
  CostModel, costModelFor, CostOptions, declaredLookup, FunctionCost, InvocationCost, TraceCost, usdJson,
} from '../core/cost';
import { UsageError } from './args';

export const COST_OPTIONS = {
  region: { type: 'string' },
  arch: { type: 'string', multiple: true },
  infra: { type: 'string', multiple: true },
  'memory-headroom': { type: 'string' },
} as const;

export const COST_HELP = '[--region r] [--arch fn=arm64] [--infra dir] [--memory-headroom 0.2]';

export interface CostArgs {
  region?: string;
  arch?: string[];
  infra?: string[];
  'memory-headroom'?: string;
}

export function costModelForCli(ds: Dataset, a: CostArgs): CostModel {
  const opts: CostOptions = {};
  if (a.region) opts.region = a.region;
  if (a.arch?.length) {
    opts.architectures = {};
    for (const pair of a.arch) {
      const eq = pair.lastIndexOf('=');
      if (eq <= 0) throw new UsageError(`--arch "${pair}" is not <function>=x86_64|arm64`);
      opts.architectures[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  if (a['memory-headroom'] !== undefined) {
    const h = Number(a['memory-headroom']);
    if (!Number.isFinite(h) || h < 0) throw new UsageError(`--memory-headroom "${a['memory-headroom']}" is not a fraction such as 0.2`);
    opts.memoryHeadroom = h;
  }
  if (a.infra?.length) {
    const files = a.infra.flatMap((d) => listFiles(path.resolve(d)));
    opts.declared = declaredLookup(discoverFunctions(files, nodeFileReader()).functions);
  }
  return costModelFor(ds, opts);
}

/** Files under a folder (infrastructure files are small and few; build output folders are skipped). */
function listFiles(root: string, depth = 0): string[] {
  let st: fs.Stats;
  try { st = fs.statSync(root); } catch { throw new UsageError(`--infra: cannot read ${root}`); }
  if (st.isFile()) return [root];
  if (depth > 8) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'cdk.out') continue;
    const p = path.join(root, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, depth + 1));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export function functionCostJson(f: FunctionCost): object {
  return {
    costUsd: usdJson(f.costUsd),
    costPer1MUsd: usdJson(f.costPer1MUsd),
    cost: {
      architecture: f.architecture.architecture,
      architectureSource: f.architecture.source,
      architectureDetail: f.architecture.detail,
      region: f.region ?? null,
      computeUsd: usdJson(f.computeUsd),
      requestUsd: usdJson(f.requestUsd),
      coldStarts: f.coldStarts,
      coldStartCostUsd: usdJson(f.coldStartCostUsd),
      timeouts: f.timeouts,
      timeoutCostUsd: usdJson(f.timeoutCostUsd),
      failed: f.failed,
      failedCostUsd: usdJson(f.failedCostUsd),
      retried: f.retried,
      retriedCostUsd: usdJson(f.retriedCostUsd),
      slowTail: f.slowTail ? {
        p95Ms: f.slowTail.p95Ms, medianMs: f.slowTail.medianMs, invocations: f.slowTail.invocations,
        costUsd: usdJson(f.slowTail.costUsd), atMedianUsd: usdJson(f.slowTail.atMedianUsd), excessUsd: usdJson(f.slowTail.excessUsd),
      } : null,
      rightSizing: f.rightSizing ? {
        currentMb: f.rightSizing.currentMb, p99MaxMemoryUsedMb: f.rightSizing.p99MaxMemoryUsedMb, headroom: f.rightSizing.headroom,
        recommendedMb: f.rightSizing.recommendedMb, monthlyCostUsd: usdJson(f.rightSizing.monthlyCostUsd),
        monthlyCostAtRecommendedUsd: usdJson(f.rightSizing.monthlyCostAtRecommendedUsd),
        monthlySavingUsd: usdJson(f.rightSizing.monthlySavingUsd), estimate: true, note: f.rightSizing.note,
      } : null,
      estimatedInvocations: f.estimatedInvocations,
      warnings: f.warnings,
    },
  };
}

export function invocationCostJson(c: InvocationCost): object {
  return {
    costUsd: usdJson(c.totalUsd), computeUsd: usdJson(c.computeUsd), requestUsd: usdJson(c.requestUsd), initCostUsd: usdJson(c.initUsd),
    billedMs: c.billedMs, initBilledMs: c.initBilledMs, memoryMb: c.memoryMb, architecture: c.architecture, initBilling: c.initBilling,
    costAssumptions: c.assumptions,
  };
}

export function traceCostJson(c: TraceCost): object {
  return {
    costUsd: usdJson(c.costUsd),
    costByFunction: c.byFunction.map((s) => ({ function: s.function, invocations: s.invocations, costUsd: usdJson(s.costUsd), share: usdJson(s.share) })),
    servicesEstimate: c.services ? {
      usd: usdJson(c.services.usd), estimate: true,
      charges: c.services.charges.map((x) => ({ service: x.service, item: x.item, count: x.count, unitUsd: usdJson(x.unitUsd), usd: usdJson(x.usd) })),
    } : null,
  };
}

export function pricesJson(m: CostModel): object {
  return { pricesTakenOn: m.prices.takenOn, pricesSource: m.prices.source, currency: 'USD' };
}
