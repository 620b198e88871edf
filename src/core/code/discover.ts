// Which workspace files are infrastructure definitions worth reading, and reading them all.
import * as path from 'path';
import { readCdkSource } from './cdkSource';
import { readTemplate } from './samTemplate';
import { isServerlessFile, readServerless } from './serverlessYaml';
import type { DeclaredFunction, FileReader } from './types';

const SKIP_DIR = /[\\/](node_modules|cdk\.out|\.aws-sam|\.serverless|\.git)[\\/]/;

export type InfraKind = 'template' | 'serverless' | 'cdk';

/** Classifies a path by name; `cdkRoots` are folders holding a cdk.json. */
export function infraKind(file: string, cdkRoots: readonly string[]): InfraKind | undefined {
  if (SKIP_DIR.test(file)) return undefined;
  const base = path.basename(file).toLowerCase();
  if (isServerlessFile(file)) return 'serverless';
  if (/\.(ya?ml|json)$/.test(base) && /(template|stack|cfn|sam|cloudformation)/.test(base) && !base.endsWith('.map')) return 'template';
  if (/\.(ts|js|mjs|cjs)$/.test(base) && !base.endsWith('.d.ts') && cdkRoots.some((r) => file.startsWith(r + path.sep))) return 'cdk';
  return undefined;
}

/** The CDK app root of a file: the nearest cdk.json folder above it. */
export function cdkRootOf(file: string, cdkRoots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const r of cdkRoots) if (file.startsWith(r + path.sep) && (!best || r.length > best.length)) best = r;
  return best;
}

export interface Discovered {
  functions: DeclaredFunction[];
  /** Files read, with how many functions each declared. */
  read: { file: string; kind: InfraKind; functions: number }[];
}

export function discoverFunctions(files: readonly string[], reader: FileReader): Discovered {
  const cdkRoots = files.filter((f) => path.basename(f) === 'cdk.json' && !SKIP_DIR.test(f)).map((f) => path.dirname(f));
  const out: Discovered = { functions: [], read: [] };
  for (const file of files) {
    const kind = infraKind(file, cdkRoots);
    if (!kind) continue;
    const text = reader.read(file);
    if (text === undefined) continue;
    let fns: DeclaredFunction[];
    try {
      if (kind === 'template') fns = readTemplate(file, text);
      else if (kind === 'serverless') fns = readServerless(file, text);
      else fns = readCdkSource(file, text, cdkRootOf(file, cdkRoots));
    } catch {
      fns = []; // one unreadable file must not hide the others
    }
    if (fns.length) out.read.push({ file, kind, functions: fns.length });
    out.functions.push(...fns);
  }
  return out;
}
