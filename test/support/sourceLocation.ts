// Where a span's recorded source location should open in the workspace, computed independently of
// the extension: deployed /var/task paths map to the app folder; a compiled file with a source map
// next to it opens at the original source's mapped line.
import * as fs from 'fs';
import * as path from 'path';
import { LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** The path below the deployment root (`/var/task/src/x.js` -> `src/x.js`). */
export function appRelative(recorded: string): string {
  const p = recorded.replace(/\\/g, '/');
  const m = /^\/var\/task\/(.*)$/.exec(p);
  return m ? m[1] : p.replace(/^\/+/, '');
}

/** Workspace-relative file and 1-based line where `recorded:line` should open. */
export function expectedLocation(root: string, recorded: string, line: number, column?: number): { rel: string; line: number } {
  const rel = appRelative(recorded);
  const compiled = path.join(root, rel);
  const mapFile = compiled + '.map';
  if (!fs.existsSync(mapFile)) return { rel, line };
  const map = new TraceMap(fs.readFileSync(mapFile, 'utf8'), mapFile);
  const col = Math.max(0, (column ?? 1) - 1);
  const pos = originalPositionFor(map, { line, column: col, bias: LEAST_UPPER_BOUND });
  if (!pos.source || pos.line === null) return { rel, line };
  const original = path.relative(root, path.resolve(path.dirname(compiled), pos.source)).split(path.sep).join('/');
  return { rel: original, line: pos.line };
}
