// Finding an exported function's line in JavaScript / TypeScript without a parser: the forms
// handlers are exported in (CommonJS, ES modules, TypeScript's and esbuild's CommonJS output).
import { lineDepths, lineOf, matchingBracket, stripCode } from './stripCode';

export interface FoundLine {
  line: number;
  /** How it was found, for explanations. */
  how: string;
}

const ID = '[A-Za-z_$][\\w$]*';

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function findJsExport(text: string, name: string): FoundLine | undefined {
  const code = stripCode(text);
  const lines = text.split('\n');
  const codeLines = code.split('\n');
  const depth = lineDepths(code);
  const n = esc(name);
  const top = (i: number) => depth[i] === 0;
  const local = (ident: string) => findLocal(lines, codeLines, depth, ident);

  const patterns: { re: RegExp; how: string; viaLocal?: (m: RegExpExecArray) => string | undefined }[] = [
    { re: new RegExp(`^\\s*export\\s+(?:default\\s+)?(?:async\\s+)?function\\s*\\*?\\s*${n}\\s*[<(]`), how: `export function ${name}` },
    { re: new RegExp(`^\\s*export\\s+(?:const|let|var)\\s+${n}\\b`), how: `export const ${name}` },
    { re: new RegExp(`^\\s*(?:module\\.)?exports\\.${n}\\s*=(?!=)\\s*(.*)$`), how: `exports.${name} =`,
      viaLocal: (m) => /^void 0\b/.test(m[1]) ? '' : new RegExp(`^(${ID})\\s*;?\\s*$`).exec(m[1])?.[1] },
    { re: new RegExp(`^\\s*(?:module\\.)?exports\\[\\s*['"]${n}['"]\\s*\\]\\s*=(?!=)\\s*(.*)$`), how: `exports['${name}'] =`,
      viaLocal: (m) => new RegExp(`^(${ID})\\s*;?\\s*$`).exec(m[1])?.[1] },
  ];
  if (name === 'default') patterns.push({ re: /^\s*export\s+default\b/, how: 'export default' });

  for (const p of patterns) {
    for (let i = 0; i < lines.length; i++) {
      if (!top(i)) continue;
      const m = p.re.exec(lines[i]);
      // The match must start in code, not in a comment or string that happens to look like one.
      if (!m || !startsInCode(lines[i], codeLines[i])) continue;
      if (p.viaLocal) {
        const ident = p.viaLocal(m);
        if (ident === '') continue; // `exports.x = void 0`: TypeScript's hoisted declaration, not the definition
        if (ident) {
          const l = local(ident);
          if (l) return { line: l, how: `${p.how} ${ident}, defined on line ${l}` };
        }
      }
      return { line: i + 1, how: p.how };
    }
  }

  // export { x as handler } / export { handler }
  for (let i = 0; i < lines.length; i++) {
    if (!top(i) || !/^\s*export\s*\{/.test(codeLines[i])) continue;
    const spec = new RegExp(`\\b(${ID})\\s+as\\s+${n}\\b`).exec(lines[i]) ?? (new RegExp(`[{,\\s]${n}\\s*[,}]`).test(lines[i]) ? [name, name] : undefined);
    if (spec) {
      const l = local(spec[1]);
      if (l) return { line: l, how: `export { ${spec[1] === name ? name : `${spec[1]} as ${name}`} }, defined on line ${l}` };
    }
  }

  // module.exports = { handler, ... } and esbuild's __export(x, { handler: () => handler })
  const objects: { re: RegExp; how: string }[] = [
    { re: /\bmodule\.exports\s*=\s*\{/g, how: 'module.exports = {' },
    { re: /\b__export\(\s*[\w$]+\s*,\s*\{/g, how: '__export({' },
  ];
  for (const o of objects) {
    for (let m = o.re.exec(code); m; m = o.re.exec(code)) {
      const open = m.index + m[0].length - 1;
      const close = matchingBracket(code, open);
      if (close < 0) continue;
      const body = text.slice(open + 1, close);
      const bodyCode = code.slice(open + 1, close);
      const key = new RegExp(`(?:^|[,{\\s])${n}\\s*(:|\\(|,|$)`, 'm').exec(bodyCode);
      if (!key) continue;
      const keyOffset = open + 1 + key.index + key[0].indexOf(name);
      const after = body.slice(key.index + key[0].length);
      if (key[1] === ':') {
        const target = new RegExp(`^\\s*(?:\\(\\)\\s*=>\\s*)?(${ID})\\s*(?:[,}]|$)`).exec(after);
        const l = target ? local(target[1]) : undefined;
        if (l) return { line: l, how: `${o.how} ${name}: ${target![1]} }, defined on line ${l}` };
        return { line: lineOf(text, keyOffset), how: `${o.how} ${name}: ... }` };
      }
      if (key[1] === '(') return { line: lineOf(text, keyOffset), how: `${o.how} ${name}() {...} }` };
      const l = local(name);
      return { line: l ?? lineOf(text, keyOffset), how: l ? `${o.how} ${name} }, defined on line ${l}` : `${o.how} ${name} }` };
    }
  }
  return undefined;
}

/** The line's first character is code (not inside a comment or string that looks like an export). */
function startsInCode(line: string, codeLine: string): boolean {
  const a = line.search(/\S/);
  return a >= 0 && codeLine[a] === line[a];
}

/** Top-level `function x`, `const x =`, `let x =`, `class x` (optionally exported). */
function findLocal(lines: string[], codeLines: string[], depth: number[], ident: string): number | undefined {
  const re = new RegExp(`^\\s*(?:export\\s+)?(?:(?:async\\s+)?function\\s*\\*?\\s*${esc(ident)}\\s*[<(]|(?:const|let|var)\\s+${esc(ident)}\\s*[:=]|class\\s+${esc(ident)}\\b)`);
  for (let i = 0; i < lines.length; i++) if (depth[i] === 0 && re.test(codeLines[i])) return i + 1;
  return undefined;
}
