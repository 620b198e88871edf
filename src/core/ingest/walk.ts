// Expands files and folders (recursive) into the list of files to read.
import { promises as fs } from 'fs';
import * as path from 'path';

/** Files in folders are read when their name looks like data; files named explicitly always are. */
const DATA_FILE = /\.(json|jsonl|ndjson|log|logs|txt|out|gz)$/i;
/** Well-known project files that are never trace data. */
const CONFIG_FILES = new Set(['package.json', 'package-lock.json', 'tsconfig.json', 'jsconfig.json', 'manifest.json']);
const SKIP_DIR = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);

/** A path that could not be read: named, with the system's reason, so the run can go on without it. */
export interface PathProblem {
  path: string;
  message: string;
}

/**
 * Files to read, in a stable order. A path that cannot be read (permission denied, a symlink loop, a file that
 * vanished) goes to `onProblem` and the rest is still listed; only a missing path named by the caller throws
 * (a typo is a usage error). Symlinks are followed, each file and folder is listed once by its real path, so a
 * link back to a parent folder ends there.
 */
export async function expandPaths(paths: string[], onProblem: (p: PathProblem) => void = throwProblem): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
      onProblem({ path: p, message: describeFsError(err) });
      continue;
    }
    if (stat.isDirectory()) await walk(p, files, seen, onProblem);
    else if (await firstVisit(p, seen, onProblem)) files.push(p);
  }
  return files;
}

function throwProblem(p: PathProblem): never {
  throw new Error(`${p.path}: ${p.message}`);
}

/** True the first time a real path is met (a folder or file reached again through a symlink is not listed twice). */
async function firstVisit(p: string, seen: Set<string>, onProblem: (p: PathProblem) => void): Promise<boolean> {
  let real: string;
  try {
    real = await fs.realpath(p);
  } catch (err) {
    onProblem({ path: p, message: describeFsError(err) });
    return false;
  }
  if (seen.has(real)) return false;
  seen.add(real);
  return true;
}

async function walk(dir: string, out: string[], seen: Set<string>, onProblem: (p: PathProblem) => void): Promise<void> {
  // An explicit stack, not recursion: folder trees (and symlinked ones) can be arbitrarily deep. Entries are
  // pushed in reverse name order so that files come out in the order a recursive walk would list them.
  const stack: { path: string; dir: boolean }[] = [{ path: dir, dir: true }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (!(await firstVisit(item.path, seen, onProblem))) continue;
    if (!item.dir) { out.push(item.path); continue; }
    let entries;
    try {
      entries = await fs.readdir(item.path, { withFileTypes: true });
    } catch (err) {
      onProblem({ path: item.path, message: describeFsError(err) });
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    const next: { path: string; dir: boolean }[] = [];
    for (const e of entries) {
      const full = path.join(item.path, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = await fs.stat(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (err) { // a dangling link or a loop of links
          if (DATA_FILE.test(e.name) || (err as NodeJS.ErrnoException).code === 'ELOOP') onProblem({ path: full, message: describeFsError(err) });
          continue;
        }
      }
      if (isDir) {
        if (!SKIP_DIR.has(e.name) && !e.name.startsWith('.')) next.push({ path: full, dir: true });
      } else if (isFile && DATA_FILE.test(e.name) && !CONFIG_FILES.has(e.name)) {
        next.push({ path: full, dir: false });
      }
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
}

/** `EACCES` -> `permission denied (EACCES)`: what the user can act on, and the code to search for. */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'operation not permitted', ENOENT: 'no such file (deleted or moved while reading?)',
    ELOOP: 'too many levels of symbolic links (a symlink loop)', EISDIR: 'is a folder', ENOTDIR: 'a path component is not a folder',
    EIO: 'input/output error', EMFILE: 'too many open files', ENAMETOOLONG: 'name too long',
  };
  if (e && typeof e.code === 'string') return `cannot read: ${why[e.code] ?? e.message} (${e.code})`;
  return `cannot read: ${(e as Error)?.message ?? String(err)}`;
}

/** What the path says about the records in a file that does not say it itself. */
export function hintsFromPath(file: string): { logGroup?: string; functionName?: string } {
  const norm = file.split(path.sep).join('/');
  const m = /aws\/lambda\/([^/]+)/.exec(norm);
  if (m) return { logGroup: `/aws/lambda/${m[1]}`, functionName: m[1] };
  const base = path.basename(norm).replace(/(\.(json|jsonl|ndjson|log|logs|txt|out|gz))+$/i, '');
  return { functionName: base };
}
