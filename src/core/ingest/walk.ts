// Expands files and folders (recursive) into the list of files to read.
import { promises as fs } from 'fs';
import * as path from 'path';

/** Files in folders are read when their name looks like data; files named explicitly always are. */
const DATA_FILE = /\.(json|jsonl|ndjson|log|logs|txt|out|gz)$/i;
/** Well-known project files that are never trace data. */
const CONFIG_FILES = new Set(['package.json', 'package-lock.json', 'tsconfig.json', 'jsconfig.json', 'manifest.json']);
const SKIP_DIR = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);

export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p); // a missing path is a usage error: let it throw with the path in it
    if (stat.isDirectory()) await walk(p, files);
    else files.push(p);
  }
  return files;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIR.has(e.name) && !e.name.startsWith('.')) await walk(full, out);
    } else if (e.isFile() && DATA_FILE.test(e.name) && !CONFIG_FILES.has(e.name)) {
      out.push(full);
    }
  }
}

/** What the path says about the records in a file that does not say it itself. */
export function hintsFromPath(file: string): { logGroup?: string; functionName?: string } {
  const norm = file.split(path.sep).join('/');
  const m = /aws\/lambda\/([^/]+)/.exec(norm);
  if (m) return { logGroup: `/aws/lambda/${m[1]}`, functionName: m[1] };
  const base = path.basename(norm).replace(/(\.(json|jsonl|ndjson|log|logs|txt|out|gz))+$/i, '');
  return { functionName: base };
}
