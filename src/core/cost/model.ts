// The cost model of one Dataset: invocation costs (computed once, by index), per-function figures, trace
// totals and shares. Built lazily and cached per Dataset and options.
import type { Dataset } from '../dataset';
import type { Invocation, Trace } from '../model';
import { DataFacts, factsFromData, FunctionArchitecture, resolveArchitecture } from './architecture';
import { functionCost, FunctionCost } from './functions';
import { invocationCost, InvocationCost } from './invocation';
import { CostOptions, DEFAULT_MEMORY_HEADROOM, MONTH_MS } from './options';
import { DEFAULT_PRICES, lambdaPricesFor, LambdaPrices, mergePrices, PriceTable } from './prices';
import { servicesEstimate, ServicesEstimate } from './services';

export interface TraceFunctionShare {
  function: string;
  invocations: number;
  costUsd: number;
  /** Of the trace's Lambda cost, 0..1. */
  share: number;
}

export interface TraceCost {
  traceId: string;
  /** Lambda compute + requests of the trace's invocations. */
  costUsd: number;
  byFunction: TraceFunctionShare[];
  /** Managed-service per-request estimates, apart from costUsd; undefined when turned off. */
  services?: ServicesEstimate;
}

export class CostModel {
  readonly prices: PriceTable;
  readonly headroom: number;
  private readonly facts: DataFacts;
  private readonly archCache = new Map<string, FunctionArchitecture>();
  private readonly invCache = new Map<Invocation, InvocationCost>();
  private readonly fallbackMemory = new Map<string, number | undefined>();
  private functionsCache?: FunctionCost[];
  private readonly traceCache = new Map<Trace, TraceCost>();

  constructor(readonly ds: Dataset, readonly options: CostOptions = {}) {
    this.prices = mergePrices(DEFAULT_PRICES, options.prices);
    const h = options.memoryHeadroom;
    this.headroom = typeof h === 'number' && Number.isFinite(h) && h >= 0 ? h : DEFAULT_MEMORY_HEADROOM;
    this.facts = factsFromData(ds);
  }

  architectureOf(fn: string): FunctionArchitecture {
    let a = this.archCache.get(fn);
    if (!a) {
      a = resolveArchitecture(fn, this.facts, {
        declared: this.options.declared, perFunction: this.options.architectures, fallback: this.options.defaultArchitecture,
      });
      this.archCache.set(fn, a);
    }
    return a;
  }

  regionOf(fn: string): string | undefined {
    return this.options.region || this.facts.region.get(fn);
  }

  lambdaPrices(fn: string): { prices: LambdaPrices; warning?: string } {
    return lambdaPricesFor(this.prices, this.regionOf(fn));
  }

  invocation(inv: Invocation): InvocationCost {
    let c = this.invCache.get(inv);
    if (!c) {
      c = invocationCost(inv, {
        architecture: this.architectureOf(inv.functionName).architecture,
        prices: this.lambdaPrices(inv.functionName).prices,
        fallbackMemoryMb: this.fallbackMemoryOf(inv.functionName),
      });
      this.invCache.set(inv, c);
    }
    return c;
  }

  /** Per function, sorted by name (like Dataset.functions). */
  functions(): FunctionCost[] {
    if (this.functionsCache) return this.functionsCache;
    const byFn = new Map<string, Invocation[]>();
    let first = Infinity, last = -Infinity;
    for (const inv of this.ds.invocations) {
      let list = byFn.get(inv.functionName);
      if (!list) byFn.set(inv.functionName, (list = []));
      list.push(inv);
      first = Math.min(first, inv.startMs);
      last = Math.max(last, inv.endMs);
    }
    const rangeMs = last > first ? last - first : 0;
    const out: FunctionCost[] = [];
    for (const name of [...byFn.keys()].sort()) {
      const invocations = byFn.get(name)!;
      const { prices, warning } = this.lambdaPrices(name);
      const arch = this.architectureOf(name);
      const warnings = warning ? [warning] : [];
      if (arch.source === 'default') warnings.push(`architecture ${arch.detail}`);
      out.push(functionCost({
        name, invocations, costs: invocations.map((i) => this.invocation(i)), architecture: arch, prices,
        region: this.regionOf(name), headroom: this.headroom, rangeMs, monthMs: MONTH_MS, warnings,
      }));
    }
    return (this.functionsCache = out);
  }

  /** Just the trace's Lambda cost: what a trace list sorts by (no shares, no service walk over the spans). */
  traceCostUsd(t: Trace): number {
    const cached = this.traceCache.get(t);
    if (cached) return cached.costUsd;
    let usd = 0;
    for (const inv of t.invocations) usd += this.invocation(inv).totalUsd;
    return usd;
  }

  trace(t: Trace): TraceCost {
    let c = this.traceCache.get(t);
    if (c) return c;
    const shares = new Map<string, TraceFunctionShare>();
    let costUsd = 0;
    for (const inv of t.invocations) {
      const usd = this.invocation(inv).totalUsd;
      costUsd += usd;
      let s = shares.get(inv.functionName);
      if (!s) shares.set(inv.functionName, (s = { function: inv.functionName, invocations: 0, costUsd: 0, share: 0 }));
      s.invocations++;
      s.costUsd += usd;
    }
    const byFunction = [...shares.values()].sort((a, b) => b.costUsd - a.costUsd || a.function.localeCompare(b.function));
    for (const s of byFunction) s.share = costUsd > 0 ? s.costUsd / costUsd : 0;
    c = { traceId: t.traceId, costUsd, byFunction };
    if (this.options.includeServices !== false) c.services = servicesEstimate(t, this.prices.services);
    this.traceCache.set(t, c);
    return c;
  }

  /** The memory most of a function's invocations report, else the declared one: for invocations without it. */
  private fallbackMemoryOf(fn: string): number | undefined {
    if (this.fallbackMemory.has(fn)) return this.fallbackMemory.get(fn);
    const counts = new Map<number, number>();
    for (const inv of this.ds.invocations) {
      if (inv.functionName === fn && inv.memorySizeMb !== undefined) counts.set(inv.memorySizeMb, (counts.get(inv.memorySizeMb) ?? 0) + 1);
    }
    const seen = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
    const v = seen ?? this.options.declared?.(fn)?.memorySizeMb;
    this.fallbackMemory.set(fn, v);
    return v;
  }
}

const models = new WeakMap<Dataset, CostModel>();

/**
 * The Dataset's cost model. Passing options replaces the cached one (the extension does when settings
 * change); without options the last one is reused, so queries and views agree on the same prices.
 */
export function costModelFor(ds: Dataset, options?: CostOptions): CostModel {
  let m = models.get(ds);
  if (!m || (options && options !== m.options)) {
    m = new CostModel(ds, options ?? {});
    models.set(ds, m);
  }
  return m;
}
