// Real files on disk for the code-mapping tests: a temporary project tree (no in-memory fakes).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '../../..');
export const SAMPLE_APP = path.join(REPO, 'samples', 'app');
export const SAMPLE_DATA = path.join(REPO, 'samples', 'data');

/** Writes `files` (relative path -> text) under a new temp folder; returns the folder. */
export function writeProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ste-code-'));
  for (const [rel, text] of Object.entries(files)) {
    const f = path.join(root, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  }
  return root;
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules') out.push(...listFiles(p)); } else out.push(p);
  }
  return out.sort();
}

/** 1-based line number of the first line containing `needle`. */
export function lineContaining(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i + 1;
}
