// Finding a top-level Python function by a line scanner that skips strings (including triple-quoted
// docstrings) and comments: `def name(` / `async def name(` at column 0, else a top-level `name = ...`.
import type { FoundLine } from './jsHandler';

/** Per line: true when the line starts inside a triple-quoted string. */
function linesInsideStrings(lines: string[]): boolean[] {
  const inside: boolean[] = [];
  let open: string | undefined; // '"""' or "'''"
  for (const line of lines) {
    inside.push(open !== undefined);
    let i = 0;
    while (i < line.length) {
      if (open) {
        const end = line.indexOf(open, i);
        if (end < 0) break;
        open = undefined;
        i = end + 3;
        continue;
      }
      const c = line[i];
      if (c === '#') break;
      if (c === '"' || c === "'") {
        if (line.startsWith(c.repeat(3), i)) { open = c.repeat(3); i += 3; continue; }
        let j = i + 1;
        while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
        i = j + 1;
        continue;
      }
      i++;
    }
  }
  return inside;
}

export function findPythonFunction(text: string, name: string): FoundLine | undefined {
  const lines = text.split(/\r?\n/);
  const inside = linesInsideStrings(lines);
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const def = new RegExp(`^(?:async\\s+)?def\\s+${n}\\s*\\(`);
  const assign = new RegExp(`^${n}\\s*(?::[^=]*)?=(?!=)`);
  let assigned: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (inside[i]) continue;
    if (def.test(lines[i])) return { line: i + 1, how: `def ${name}( at the top level` };
    if (assigned === undefined && assign.test(lines[i])) assigned = i + 1;
  }
  return assigned !== undefined ? { line: assigned, how: `${name} = ... at the top level` } : undefined;
}
