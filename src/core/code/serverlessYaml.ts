// Serverless Framework `serverless.yml`: functions.*.handler, deployed as `<service>-<stage>-<key>`
// unless `name:` is set. Variables (`${self:...}`, `${opt:stage, 'dev'}`, `${sls:stage}`) are resolved
// where the file says what they are, and kept as wildcards where the deploy command decides.
import * as path from 'path';
import { isRecord, parseYaml } from './cfnYaml';
import { NamePart, nameTemplate, splitPlaceholders } from './nameTemplate';
import { architectureOf, DeclaredFunction } from './types';

export function isServerlessFile(file: string): boolean {
  return /(^|[\\/])serverless\.ya?ml$/i.test(file);
}

export function readServerless(file: string, text: string): DeclaredFunction[] {
  const root = parseYaml(text);
  if (!isRecord(root) || !isRecord(root.functions)) return [];
  const dir = path.dirname(file);
  const provider = isRecord(root.provider) ? root.provider : {};
  const resolve = (inner: string, depth: number): NamePart[] => resolveVariable(root, inner, depth);
  const parts = (v: unknown, depth = 0): NamePart[] =>
    typeof v === 'string' ? splitPlaceholders(v, (inner) => resolve(inner, depth)) : [{ literal: String(v ?? '') }];
  const service = isRecord(root.service) ? root.service.name : root.service;
  const serviceParts = parts(service);
  const stageParts = provider.stage !== undefined ? parts(provider.stage) : [{ unknown: "stage (default 'dev')" }];
  const lines = text.split(/\r?\n/);
  const out: DeclaredFunction[] = [];
  for (const [key, fn] of Object.entries(root.functions)) {
    if (!isRecord(fn)) continue;
    const name = fn.name !== undefined
      ? nameTemplate(parts(fn.name))
      : nameTemplate([...serviceParts, { literal: '-' }, ...stageParts, { literal: `-${key}` }]);
    out.push({
      framework: 'serverless', declaredIn: file, declaredLine: functionLine(lines, key), id: key, name,
      handler: typeof fn.handler === 'string' ? fn.handler : undefined,
      runtime: typeof fn.runtime === 'string' ? fn.runtime : typeof provider.runtime === 'string' ? provider.runtime : undefined,
      codeDir: dir,
    });
    const d = out[out.length - 1];
    const arch = architectureOf(fn.architecture ?? provider.architecture);
    if (arch) d.architecture = arch;
    const mem = fn.memorySize ?? provider.memorySize;
    if (typeof mem === 'number') d.memorySizeMb = mem;
    const timeout = fn.timeout ?? provider.timeout;
    if (typeof timeout === 'number') d.timeoutS = timeout;
  }
  return out;
}

/** `self:a.b` from the file itself; `opt:`/`sls:`/`env:`/`param:` are decided at deploy time. */
function resolveVariable(root: Record<string, unknown>, inner: string, depth: number): NamePart[] {
  const [ref, ...fallbacks] = splitTopLevelCommas(inner);
  const r = ref.trim();
  if (depth < 5 && r.startsWith('self:')) {
    let v: unknown = root;
    for (const k of r.slice(5).split('.')) v = isRecord(v) ? v[k] : undefined;
    if (typeof v === 'string' || typeof v === 'number') {
      return splitPlaceholders(String(v), (i) => resolveVariable(root, i, depth + 1));
    }
  }
  const fallback = fallbacks.map((f) => f.trim()).find((f) => /^['"].*['"]$/.test(f));
  return [{ unknown: fallback ? `${r} (default ${fallback})` : r }];
}

function splitTopLevelCommas(s: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith('${', i)) depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) { out.push(s.slice(start, i)); start = i + 1; }
  }
  out.push(s.slice(start));
  return out;
}

function functionLine(lines: string[], key: string): number | undefined {
  const start = lines.findIndex((l) => /^functions\s*:/.test(l));
  if (start < 0) return undefined;
  const re = new RegExp(`^\\s+['"]?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*:`);
  for (let i = start + 1; i < lines.length; i++) {
    if (/^\S/.test(lines[i]) && !lines[i].startsWith('#')) break;
    if (re.test(lines[i])) return i + 1;
  }
  return undefined;
}
