// Resolve a deployed source path (/var/task/src/orders/handler.js) to a local file by the longest
// matching path suffix. Pure: the caller supplies the candidate files (workspace, bundled sample app).

export type SourcePathMatch =
  | { ok: true; file: string; /** Path segments matched from the end (1 = file name only). */ matchedSegments: number }
  | { ok: false; reason: string };

/** Path segments, separators normalised; `file://` URIs, drive letters and `.`/empty segments dropped. */
export function pathSegments(p: string): string[] {
  let s = p.trim();
  if (/^file:\/\//i.test(s)) {
    s = s.replace(/^file:\/\//i, '');
    try { s = decodeURIComponent(s); } catch { /* keep the raw text */ }
  }
  return s.split(/[\\/]+/).filter((seg, i) => seg !== '' && seg !== '.' && !(i === 0 && /^[a-zA-Z]:$/.test(seg)));
}

function commonSuffix(a: string[], b: string[], fold: boolean): number {
  let n = 0;
  while (n < a.length && n < b.length) {
    const x = a[a.length - 1 - n];
    const y = b[b.length - 1 - n];
    if (fold ? x.toLowerCase() !== y.toLowerCase() : x !== y) break;
    n++;
  }
  return n;
}

/**
 * Picks the candidate sharing the longest path suffix with `deployedPath` (at least the file name).
 * Ties go to the shorter candidate path (closest to a workspace root), then the first listed.
 * An exact-case match is preferred; a case-insensitive one is used only when nothing matches exactly.
 */
export function resolveSourcePath(deployedPath: string, candidates: readonly string[]): SourcePathMatch {
  const want = pathSegments(deployedPath);
  if (want.length === 0) return { ok: false, reason: `The source path "${deployedPath}" is empty.` };
  for (const fold of [false, true]) {
    let best: { file: string; n: number; len: number } | undefined;
    for (const file of candidates) {
      const have = pathSegments(file);
      const n = commonSuffix(want, have, fold);
      if (n === 0) continue;
      if (!best || n > best.n || (n === best.n && have.length < best.len)) best = { file, n, len: have.length };
    }
    if (best) return { ok: true, file: best.file, matchedSegments: best.n };
  }
  const name = want[want.length - 1];
  return {
    ok: false,
    reason: `No file in the workspace matches ${deployedPath} (looked for a file named ${name}, preferring the longest matching path suffix).`,
  };
}

/** The file name of a path: what to search the workspace for before resolving. */
export function baseName(p: string): string {
  const segs = pathSegments(p);
  return segs[segs.length - 1] ?? '';
}
