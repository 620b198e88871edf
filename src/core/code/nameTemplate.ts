// Deployed-name templates: literal text plus unknown parts (stack name, stage, parameters), matched
// as a whole-name pattern against the names seen in logs and spans.
import type { NameTemplate } from './types';

export type NamePart = { literal: string } | { unknown: string };

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function nameTemplate(parts: NamePart[]): NameTemplate {
  let display = '', re = '', literalChars = 0, exact = true;
  for (const p of parts) {
    if ('literal' in p) {
      display += p.literal;
      re += escapeRe(p.literal);
      literalChars += p.literal.length;
    } else {
      display += `\${${p.unknown}}`;
      re += '(.+?)';
      exact = false;
    }
  }
  return { display, exact: exact ? display : undefined, regex: new RegExp(`^${re}$`), literalChars };
}

export function literalName(name: string): NameTemplate {
  return nameTemplate([{ literal: name }]);
}

/** Splits `a-${x}-b` style text (serverless `${...}` or CloudFormation `${...}`) into parts. */
export function splitPlaceholders(text: string, resolve: (inner: string) => NamePart[]): NamePart[] {
  const out: NamePart[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    if (open < 0) { out.push({ literal: text.slice(i) }); break; }
    if (open > i) out.push({ literal: text.slice(i, open) });
    // Nested `${opt:stage, ${self:custom.x}}`: find the matching brace.
    let depth = 0, close = -1;
    for (let j = open + 2; j < text.length; j++) {
      if (text.startsWith('${', j)) { depth++; j++; continue; }
      if (text[j] === '}') { if (depth === 0) { close = j; break; } depth--; }
    }
    if (close < 0) { out.push({ literal: text.slice(open) }); break; }
    out.push(...resolve(text.slice(open + 2, close)));
    i = close + 1;
  }
  return mergeLiterals(out);
}

function mergeLiterals(parts: NamePart[]): NamePart[] {
  const out: NamePart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if ('literal' in p && last && 'literal' in last) out[out.length - 1] = { literal: last.literal + p.literal };
    else if (!('literal' in p) || p.literal !== '') out.push(p);
  }
  return out;
}
