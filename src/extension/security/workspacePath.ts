// Is a file inside one of the given folders once symlinks and `..` are resolved? Plain Node (no vscode), so it is
// unit-tested directly. Used before opening a path that came from trace data.
import { promises as fs } from 'fs';
import * as path from 'path';

export interface PathCheck {
  inside: boolean;
  /** The path as it resolves on disk: absolute, `..` and symlinks resolved (of the nearest existing parent if missing). */
  real: string;
  /** The (resolved) folder it is inside. */
  root?: string;
}

/** The real path of `p`; for a path that does not exist, its nearest existing parent's real path joined with the rest. */
export async function realOrResolved(p: string): Promise<string> {
  const abs = path.resolve(p);
  try {
    return await fs.realpath(abs);
  } catch {
    const parent = path.dirname(abs);
    if (parent === abs) return abs;
    return path.join(await realOrResolved(parent), path.basename(abs));
  }
}

/** True when `child` is `root` or below it (both already resolved). */
export function isWithin(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

export async function checkInside(file: string, roots: readonly string[]): Promise<PathCheck> {
  const real = await realOrResolved(file);
  for (const r of roots) {
    const root = await realOrResolved(r);
    if (isWithin(root, real)) return { inside: true, real, root };
  }
  return { inside: false, real };
}
