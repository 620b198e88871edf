// Which instruction set each function runs on, and where we learned it: the data first, then the
// infrastructure files, then a setting; x86_64 (Lambda's default) is shown as assumed.
import type { Dataset } from '../dataset';
import type { AttrValue, Span } from '../model';
import { architectureOf } from '../code/types';
import type { Architecture } from './prices';

export type ArchitectureSource = 'data' | 'infrastructure' | 'setting' | 'default';

export interface FunctionArchitecture {
  architecture: Architecture;
  source: ArchitectureSource;
  /** Human-readable: the attribute, file or setting it came from. */
  detail: string;
}

/** What the infrastructure files declare for a function (matched by deployed name), if anything. */
export type DeclaredLookup = (functionName: string) => { architecture?: Architecture; memorySizeMb?: number; file?: string } | undefined;

export interface ArchitectureInputs {
  declared?: DeclaredLookup;
  /** `traceExplorer.cost.architectures`: function name -> architecture. */
  perFunction?: Record<string, string>;
  /** `traceExplorer.cost.defaultArchitecture`. */
  fallback?: string;
}

/** Per function: the architecture the spans' `host.arch` says, with the Region they report (`cloud.region`). */
export interface DataFacts {
  arch: Map<string, { architecture: Architecture; attribute: string }>;
  region: Map<string, string>;
}

/**
 * One pass over the spans. `host.arch` (OTel resource attribute; `amd64`/`arm64`) is the only field in
 * Lambda telemetry that names the instruction set: the runtime version ARN of INIT_START/platform.initStart
 * is an opaque digest (`arn:aws:lambda:<region>::runtime:<64 hex>`) that differs per architecture but
 * cannot be read back.
 */
export function factsFromData(ds: Dataset): DataFacts {
  const arch = new Map<string, { architecture: Architecture; attribute: string }>();
  const region = new Map<string, string>();
  let lastRes: unknown;
  for (const s of ds.spans) {
    // Spans of one environment share their resource attributes: skip repeats cheaply.
    if (s.resourceAttributes !== undefined && s.resourceAttributes === lastRes) continue;
    lastRes = s.resourceAttributes;
    const fn = functionOf(s);
    if (!fn) continue;
    if (!arch.has(fn)) {
      const a = attr(s, 'host.arch');
      const parsed = architectureOf(a);
      if (parsed) arch.set(fn, { architecture: parsed, attribute: `host.arch=${String(a)}` });
    }
    if (!region.has(fn)) {
      const r = attr(s, 'cloud.region');
      if (typeof r === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(r)) region.set(fn, r);
    }
  }
  return { arch, region };
}

function functionOf(s: Span): string | undefined {
  if (s.functionName) return s.functionName;
  const f = s.resourceAttributes?.['faas.name'] ?? s.attributes['faas.name'];
  return typeof f === 'string' && f ? f : undefined;
}

function attr(s: Span, key: string): AttrValue | undefined {
  return s.resourceAttributes?.[key] ?? s.attributes[key];
}

export function resolveArchitecture(fn: string, facts: DataFacts, inputs: ArchitectureInputs): FunctionArchitecture {
  const seen = facts.arch.get(fn);
  if (seen) return { architecture: seen.architecture, source: 'data', detail: `span attribute ${seen.attribute}` };
  const declared = inputs.declared?.(fn);
  if (declared?.architecture) {
    return { architecture: declared.architecture, source: 'infrastructure', detail: `Architectures in ${declared.file ?? 'the infrastructure definition'}` };
  }
  const set = architectureOf(inputs.perFunction?.[fn]);
  if (set) return { architecture: set, source: 'setting', detail: `traceExplorer.cost.architectures["${fn}"]` };
  const fallback = architectureOf(inputs.fallback);
  if (fallback) return { architecture: fallback, source: 'setting', detail: 'traceExplorer.cost.defaultArchitecture' };
  return { architecture: 'x86_64', source: 'default', detail: 'assumed: x86_64 is Lambda\'s default and nothing said otherwise' };
}
