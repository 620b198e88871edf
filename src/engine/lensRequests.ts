// The code lenses' questions, answered in the engine worker: the host lists the workspace's files (CodeInputs), the
// worker reads them (infrastructure templates, source maps), builds the lens index over its Dataset and answers
// per file with plain data. One code map per inputs key and one index per (dataset, code map, range).
import type { Dataset } from '../core/dataset';
import type { CodeMap } from '../core/code/codeMap';
import type { Explanation } from '../core/code/explain';
import type { ExceptionLine, HandlerLens, LensIndex, LensSpec, TracePick } from '../core/code/lensIndex';
import type { CodeInputs, LensTarget, Question } from './protocol';

export interface CodeInfo { declared: number; read: string[] }
export interface LensBuilt { files: number; buildMs: number }
export interface LensFacts { functions: string[]; latestInvocationMs?: number }
export interface LensExplanation {
  /** Lenses on the file asked about. */
  lenses: number;
  /** A handler of a known function is in that file. */
  handlers: boolean;
  sections: Explanation[];
  spanLines: { line: number; title: string; steps: string[] }[];
}
export interface TracePicks { slowest: TracePick[]; failing: TracePick[] }

let code: { key: string; map: CodeMap } | undefined;
let built: { ds: Dataset; key: string; range?: string; index: Promise<LensIndex> } | undefined;

async function codeMap(inputs: CodeInputs): Promise<CodeMap> {
  if (code?.key === inputs.key) return code.map;
  const [{ CodeMap }, { nodeFileReader }] = await Promise.all([import('../core/code/codeMap'), import('../core/code/fileReader')]);
  const map = new CodeMap({ reader: nodeFileReader(), files: inputs.files, roots: inputs.roots, overrides: inputs.overrides });
  code = { key: inputs.key, map };
  return map;
}

/** The index the last `buildLensIndex` made, if it is for this dataset. */
function current(ds: Dataset | undefined): Promise<LensIndex> | undefined {
  return ds && built?.ds === ds ? built.index : undefined;
}

export async function lensAnswer(ds: Dataset | undefined, q: Question): Promise<unknown> {
  switch (q.kind) {
    case 'codeInfo': {
      const map = await codeMap(q.code);
      return { declared: map.declared.length, read: map.discovered.read.map((r) => r.file) } satisfies CodeInfo;
    }
    case 'buildLensIndex': {
      if (!ds) return undefined;
      const range = q.range ? `${q.range.startMs}-${q.range.endMs}` : undefined;
      if (!(built && built.ds === ds && built.key === q.code.key && built.range === range)) {
        const map = await codeMap(q.code);
        const { LensIndex } = await import('../core/code/lensIndex');
        built = { ds, key: q.code.key, range, index: LensIndex.buildAsync(ds, map, { range: q.range }) };
      }
      const index = await built.index;
      return { files: index.files.length, buildMs: index.buildMs } satisfies LensBuilt;
    }
    case 'lensesFor': return [...((await current(ds))?.lensesFor(q.file) ?? [])] satisfies LensSpec[];
    case 'exceptionsFor': return [...((await current(ds))?.exceptionsFor(q.file) ?? [])] satisfies ExceptionLine[];
    case 'functionAt': return (await current(ds))?.functionAt(q.file, q.line) satisfies HandlerLens | undefined;
    case 'tracesFor': {
      const index = await current(ds);
      return index ? tracesFor(index, q.target) : { slowest: [], failing: [] };
    }
    case 'explain': {
      const index = await current(ds);
      return index ? explanation(index, q.file, q.functionName) : undefined;
    }
    case 'lensFacts': {
      if (!ds) return { functions: [] } satisfies LensFacts;
      let latest = -Infinity;
      for (const inv of ds.invocations) if (inv.startMs > latest) latest = inv.startMs;
      const facts: LensFacts = { functions: ds.functions.map((f) => f.name) };
      if (Number.isFinite(latest)) facts.latestInvocationMs = latest;
      return facts;
    }
    default: throw new Error(`not a lens question: ${q.kind}`);
  }
}

function tracesFor(index: LensIndex, t: LensTarget): TracePicks {
  return t.kind === 'handler' ? index.tracesForFunction(t.functionName) : index.tracesForLine(t.file, t.line, t.operation);
}

/** The mapping steps for the functions whose handler is in `file` (every function when none), and the file's span lines. */
async function explanation(index: LensIndex, file: string | undefined, functionName: string | undefined): Promise<LensExplanation> {
  const { explain } = await import('../core/code/explain');
  const firstEntrySource = (fn: string) => index.dataset.spans.find((s) => s.functionName === fn && (s.kind === 'server' || s.kind === 'consumer') && s.source?.file)?.source;
  if (functionName) return { lenses: 0, handlers: true, sections: [explain(index.code, functionName, firstEntrySource(functionName))], spanLines: [] };
  const here = file ? index.lensesFor(file) : [];
  const handlers = here.filter((l): l is HandlerLens => l.kind === 'handler');
  const fns = handlers.length ? handlers.map((h) => h.functionName) : index.dataset.functions.map((f) => f.name);
  const spanLines: LensExplanation['spanLines'] = [];
  for (const l of here) {
    if (l.kind !== 'line') continue;
    const [first] = index.tracesForLine(l.file, l.line, l.operation, 1).slowest;
    const span = first && index.dataset.traceById.get(first.traceId)?.nodes.find((n) => n.span.spanId === first.spanId)?.span;
    spanLines.push({ line: l.line, title: l.title, steps: span ? explain(index.code, span).steps : [] });
  }
  return { lenses: here.length, handlers: handlers.length > 0, sections: fns.map((fn) => explain(index.code, fn, firstEntrySource(fn))), spanLines };
}
