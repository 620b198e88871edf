// Splits query text into terms, parentheses, OR/AND and `-` negation, keeping each token's position.
import { expectedError } from './errors';

export type TokenType = 'lparen' | 'rparen' | 'or' | 'and' | 'not' | 'term' | 'eof';

export interface Token {
  type: TokenType;
  /** 0-based offset of the first character. */
  pos: number;
  /** Raw text as typed (quotes included for terms). */
  text: string;
}

const SPACE = /\s/;

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (SPACE.test(c)) { i++; continue; }
    if (c === '(' || c === ')') {
      out.push({ type: c === '(' ? 'lparen' : 'rparen', pos: i, text: c });
      i++;
      continue;
    }
    // `-` right before a term or `(` negates it; a `-` standing alone is an error the parser reports.
    if (c === '-' && (i === 0 || isBoundary(src[i - 1]))) {
      out.push({ type: 'not', pos: i, text: '-' });
      i++;
      continue;
    }
    const start = i;
    while (i < src.length && !SPACE.test(src[i]) && src[i] !== '(' && src[i] !== ')') {
      if (src[i] === '"') i = closingQuote(src, i) + 1;
      else i++;
    }
    const text = src.slice(start, i);
    // Only upper-case OR/AND are operators, so "or" and "and" stay searchable words.
    const type: TokenType = text === 'OR' ? 'or' : text === 'AND' ? 'and' : 'term';
    out.push({ type, pos: start, text });
  }
  out.push({ type: 'eof', pos: src.length, text: '' });
  return out;
}

function isBoundary(c: string): boolean {
  return SPACE.test(c) || c === '(';
}

/** Index of the `"` closing the string opened at `open`; `\"` and `\\` are escapes. */
function closingQuote(src: string, open: number): number {
  for (let j = open + 1; j < src.length; j++) {
    if (src[j] === '\\') { j++; continue; }
    if (src[j] === '"') return j;
  }
  throw expectedError(src.length, 1, `a closing " for the string opened at ${open}`);
}

/** The value of a possibly quoted piece of a term: quotes removed, escapes resolved. */
export function unquote(raw: string): string {
  if (!raw.includes('"')) return raw;
  let out = '';
  let quoted = false;
  for (let j = 0; j < raw.length; j++) {
    const c = raw[j];
    if (c === '"') { quoted = !quoted; continue; }
    if (quoted && c === '\\' && j + 1 < raw.length) { out += raw[++j]; continue; }
    out += c;
  }
  return out;
}
