// Where a function's handler and a span's source line are in the workspace, with the reasoning
// kept as readable steps (the "explain mapping" command shows them). Pure apart from the FileReader.
import * as path from 'path';
import type { SourceLocation } from '../model';
import { resolveSourcePath } from '../sourcePaths';
import { discoverFunctions, Discovered } from './discover';
import { matchFunction, runtimeFunctionName } from './functionMatch';
import { findHandlerLine } from './handlerLine';
import { languageOfFile, parseHandler } from './handlerSpec';
import type { Override } from './overrides';
import { SourceMaps } from './sourceMaps';
import type { DeclaredFunction, FileReader } from './types';

export interface CodePosition {
  file: string;
  line: number;
}

export interface FunctionLocation extends CodePosition {
  functionName: string;
  exportName: string;
  declared?: DeclaredFunction;
  /** The generated file the handler is deployed as, when a source map led from it to `file`. */
  generated?: CodePosition;
  steps: string[];
}

export type Located<T> = { ok: true; value: T } | { ok: false; steps: string[] };

export interface SpanSourceLocation extends CodePosition {
  generated?: CodePosition;
  steps: string[];
}

export interface CodeMapOptions {
  reader: FileReader;
  /** Candidate files in tiers: the workspace first, then fallbacks (the bundled sample app). */
  files: readonly (readonly string[])[];
  /** Workspace folders: relative override paths start there. */
  roots?: readonly string[];
  overrides?: readonly Override[];
}

export class CodeMap {
  readonly discovered: Discovered;
  readonly maps: SourceMaps;
  private readonly fileSet: Set<string>;
  private readonly tiers: Set<string>[];
  private readonly byName = new Map<string, string[]>();
  private readonly functionCache = new Map<string, Located<FunctionLocation>>();
  private readonly spanCache = new Map<string, Located<SpanSourceLocation>>();

  constructor(private readonly opts: CodeMapOptions) {
    this.tiers = opts.files.map((tier) => new Set(tier.map((f) => path.normalize(f))));
    this.fileSet = new Set(this.tiers.flatMap((t) => [...t]));
    for (const f of this.fileSet) {
      const b = path.basename(f);
      const list = this.byName.get(b);
      if (list) list.push(f);
      else this.byName.set(b, [f]);
    }
    this.maps = new SourceMaps(opts.reader);
    this.discovered = discoverFunctions(opts.files.flat(), opts.reader);
  }

  get declared(): readonly DeclaredFunction[] {
    return this.discovered.functions;
  }

  /** A runtime function name (or log group / ARN) -> its handler line; `entry` is its entry span's source, a last resort. */
  locateFunction(runtimeName: string, entry?: SourceLocation): Located<FunctionLocation> {
    const key = `${runtimeName}\0${entry?.file ?? ''}:${entry?.line ?? ''}`;
    let r = this.functionCache.get(key);
    if (!r) this.functionCache.set(key, (r = this.computeFunction(runtimeName, entry)));
    return r;
  }

  /** A recorded source location (deployed path, bundled line) -> the workspace file and original line. */
  locateSource(src: SourceLocation): Located<SpanSourceLocation> {
    const key = `${src.file}:${src.line ?? ''}:${src.column ?? ''}`;
    let r = this.spanCache.get(key);
    if (!r) this.spanCache.set(key, (r = this.computeSource(src)));
    return r;
  }

  private computeFunction(runtimeName: string, entry?: SourceLocation): Located<FunctionLocation> {
    const name = runtimeFunctionName(runtimeName);
    const steps: string[] = [];
    if (name !== runtimeName) steps.push(`${runtimeName} names the function ${name}.`);
    const ov = this.opts.overrides?.find((o) => o.functionName === name || o.functionName === runtimeName);
    if (ov) {
      const file = this.resolveOverrideFile(ov.file);
      steps.push(`Setting traceExplorer.sourceMap maps ${ov.functionName} to ${ov.file}${ov.exportName ? `:${ov.exportName}` : ''}.`);
      if (!file) return { ok: false, steps: [...steps, `No workspace file matches ${ov.file}.`] };
      return { ok: true, value: this.atHandler(name, file, ov.exportName ?? 'handler', steps, undefined) };
    }
    const match = matchFunction(name, this.declared);
    if (match) {
      const d = match.fn;
      steps.push(`Matched ${name} to ${path.basename(d.declaredIn)} ${d.id}${d.declaredLine ? ` (line ${d.declaredLine})` : ''}: ${match.reason}.`);
      const file = this.handlerFile(d, steps);
      if (file) return { ok: true, value: this.atHandler(name, file.file, file.exportName, steps, d) };
    } else {
      const read = this.discovered.read.map((r) => path.basename(r.file)).join(', ');
      steps.push(this.declared.length
        ? `No declared function matches ${name} (read ${this.declared.length} functions from ${read}; names tried: ${this.declared.map((d) => d.name?.display ?? `<stack>-${d.id}-<random>`).join(', ')}).`
        : 'No SAM/CloudFormation template, serverless.yml or CDK app declaring functions was found in the workspace.');
    }
    if (entry?.file) {
      const s = this.locateSource(entry);
      if (s.ok) {
        steps.push(`Used the location its invocation spans record: ${entry.file}${entry.line ? `:${entry.line}` : ''}.`, ...s.value.steps);
        return { ok: true, value: { functionName: name, exportName: entry.function ?? 'handler', file: s.value.file, line: s.value.line, generated: s.value.generated, steps } };
      }
      steps.push(...s.steps);
    }
    steps.push(`Add "${name}": "path/to/file:handler" to the setting traceExplorer.sourceMap to place it by hand.`);
    return { ok: false, steps };
  }

  /** The handler file a declaration points at, trying the runtime's extensions (and TypeScript for esbuild builds). */
  private handlerFile(d: DeclaredFunction, steps: string[]): { file: string; exportName: string } | undefined {
    if (d.entryFile) {
      const exportName = d.entryExport ?? parseHandler(d.handler ?? '', d.runtime)?.exportName ?? 'handler';
      if (this.has(d.entryFile)) {
        steps.push(`Its entry file is ${d.entryFile}, export ${exportName}.`);
        return { file: d.entryFile, exportName };
      }
      steps.push(`Its entry file ${d.entryFile} is not in the workspace.`);
    }
    if (!d.handler) {
      if (!d.entryFile) steps.push(`${d.id} has no Handler to follow.`);
      return undefined;
    }
    const spec = parseHandler(d.handler, d.runtime);
    if (!spec) {
      steps.push(`Handler ${d.handler} (runtime ${d.runtime ?? 'unknown'}) has no source file to look for (only Node.js, Python and Java handlers are mapped).`);
      return undefined;
    }
    const dir = d.codeDir ?? path.dirname(d.declaredIn);
    if (spec.bySuffix) {
      for (const ext of spec.extensions) {
        const want = spec.module + ext;
        const r = resolveSourcePath(want, this.byName.get(path.basename(want)) ?? []);
        if (r.ok && r.matchedSegments >= want.split('/').length) {
          steps.push(`Handler ${d.handler}: class file ${want} found at ${r.file}.`);
          return { file: r.file, exportName: spec.exportName };
        }
      }
    } else {
      for (const ext of spec.extensions) {
        const f = path.join(dir, spec.module + ext);
        if (this.has(f)) {
          steps.push(`Handler ${d.handler} in CodeUri ${path.relative(path.dirname(d.declaredIn), dir) || '.'} is ${f}, function ${spec.exportName}.`);
          return { file: f, exportName: spec.exportName };
        }
      }
    }
    steps.push(`Handler ${d.handler}: no file ${spec.module}{${spec.extensions.join(',')}} under ${dir}.`);
    return undefined;
  }

  /** Finds the handler line; a compiled JS file with a source map leads to the original file's line. */
  private atHandler(name: string, file: string, exportName: string, steps: string[], declared: DeclaredFunction | undefined): FunctionLocation {
    const text = this.opts.reader.read(file) ?? '';
    const found = findHandlerLine(file, text, exportName);
    const line = found?.line ?? 1;
    steps.push(found ? `${path.basename(file)}:${line}: ${found.how}.` : `${exportName} was not found in ${path.basename(file)}; the lens goes on line 1.`);
    const loc: FunctionLocation = { functionName: name, exportName, file, line, declared, steps };
    if (languageOfFile(file) !== 'javascript') return loc;
    const orig = this.maps.original(file, line);
    if (!orig) return loc;
    const origFile = this.existingOriginal(orig.file);
    if (!origFile) {
      steps.push(`Its source map ${path.basename(orig.mapFile)} points at ${orig.source}, which is not in the workspace.`);
      return loc;
    }
    const inOrig = findHandlerLine(origFile, this.opts.reader.read(origFile) ?? '', exportName);
    const origLine = inOrig?.line ?? orig.line;
    steps.push(`Source map ${path.basename(orig.mapFile)}: ${path.basename(file)}:${line} comes from ${path.basename(origFile)}:${orig.line}${inOrig ? `; ${inOrig.how} is on line ${inOrig.line}` : ''}.`);
    return { ...loc, file: origFile, line: origLine, generated: { file, line } };
  }

  private computeSource(src: SourceLocation): Located<SpanSourceLocation> {
    const steps: string[] = [];
    let file: string | undefined;
    if (path.isAbsolute(src.file) && this.has(src.file)) file = path.normalize(src.file);
    else {
      const candidates = this.byName.get(path.basename(src.file.replace(/\\/g, '/'))) ?? [];
      // Workspace tier first: the bundled sample app only when the workspace has no such file.
      for (const tier of this.tiers) {
        const inTier = candidates.filter((c) => tier.has(c));
        const r = resolveSourcePath(src.file, inTier);
        if (r.ok) { file = r.file; steps.push(`${src.file} -> ${file} (longest matching path suffix: ${r.matchedSegments} segment${r.matchedSegments === 1 ? '' : 's'}).`); break; }
      }
    }
    if (!file) return { ok: false, steps: [`No workspace file matches ${src.file} by path suffix.`] };
    const line = src.line ?? 1;
    if (languageOfFile(file) === 'javascript') {
      const orig = this.maps.original(file, line, src.column);
      const origFile = orig && this.existingOriginal(orig.file);
      if (orig && origFile) {
        steps.push(`Source map ${path.basename(orig.mapFile)}: ${path.basename(file)}:${line} -> ${path.basename(origFile)}:${orig.line}.`);
        return { ok: true, value: { file: origFile, line: orig.line, generated: { file, line }, steps } };
      }
    }
    return { ok: true, value: { file, line, steps } };
  }

  /** The original file a map names, or the workspace file sharing the longest suffix with it. */
  private existingOriginal(file: string): string | undefined {
    if (this.has(file)) return path.normalize(file);
    const r = resolveSourcePath(file, this.byName.get(path.basename(file)) ?? []);
    return r.ok && r.matchedSegments >= 2 ? r.file : undefined;
  }

  private resolveOverrideFile(p: string): string | undefined {
    if (path.isAbsolute(p)) return this.has(p) ? p : undefined;
    for (const root of this.opts.roots ?? []) {
      const f = path.join(root, p);
      if (this.has(f)) return f;
    }
    const r = resolveSourcePath(p, this.byName.get(path.basename(p)) ?? []);
    return r.ok ? r.file : undefined;
  }

  private has(file: string): boolean {
    const f = path.normalize(file);
    return this.fileSet.has(f) || this.opts.reader.exists(f);
  }
}
