// A small tokenizer-level pass over C-family source (JavaScript, TypeScript, Java): blanks out the
// insides of comments, strings, template literals and regular expressions, keeping every offset and
// newline, so line-oriented patterns never match inside them. Much smaller than a parser in the bundle.

const REGEX_PREV = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const REGEX_KEYWORDS = /(?:^|[^\w$])(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$/;

export function stripCode(text: string): string {
  const out = text.split('');
  const n = text.length;
  // Template literal nesting: each entry is the brace depth at which a `${` returns to the template.
  const templates: number[] = [];
  let braces = 0;
  let i = 0;
  let lastSignificant = ''; // last non-space code character, for the regex-vs-division guess
  let lastWordEnd = 0;
  const blank = (from: number, to: number) => { for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' '; };
  const scanTemplate = (start: number): number => {
    // From just after "`" or "}" of a substitution: to the closing "`" or the next "${".
    let j = start;
    while (j < n) {
      const c = text[j];
      if (c === '\\') { j += 2; continue; }
      if (c === '`') { blank(start, j); return j + 1; }
      if (c === '$' && text[j + 1] === '{') { blank(start, j); templates.push(braces); braces++; return j + 2; }
      j++;
    }
    blank(start, n);
    return n;
  };
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      blank(i + 2, stop);
      i = stop;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      blank(i + 2, stop - 2);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      blank(i + 1, Math.min(j, n));
      i = j + 1;
      lastSignificant = c;
      continue;
    }
    if (c === '`') {
      i = scanTemplate(i + 1);
      lastSignificant = '`';
      continue;
    }
    if (c === '/' && (REGEX_PREV.has(lastSignificant) || lastSignificant === '' || (lastSignificant === 'w' && REGEX_KEYWORDS.test(text.slice(Math.max(0, lastWordEnd - 12), lastWordEnd))))) {
      let j = i + 1, inClass = false;
      while (j < n && text[j] !== '\n') {
        const d = text[j];
        if (d === '\\') { j += 2; continue; }
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        j++;
      }
      if (j < n && text[j] === '/') {
        blank(i + 1, j);
        i = j + 1;
        lastSignificant = '/';
        continue;
      }
    }
    if (c === '{') braces++;
    else if (c === '}') {
      if (templates.length && templates[templates.length - 1] === braces - 1) {
        templates.pop();
        braces--;
        i = scanTemplate(i + 1);
        lastSignificant = '`';
        continue;
      }
      braces--;
    }
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') {
      lastSignificant = /[\w$]/.test(c) ? 'w' : c;
      if (/[\w$]/.test(c)) lastWordEnd = i + 1;
    }
    i++;
  }
  return out.join('');
}

/** Bracket depth ({[( minus )]}) at the start of every line of stripped code. */
export function lineDepths(stripped: string): number[] {
  const depths: number[] = [0];
  let d = 0;
  for (let i = 0; i < stripped.length; i++) {
    const c = stripped[i];
    if (c === '{' || c === '(' || c === '[') d++;
    else if (c === '}' || c === ')' || c === ']') d--;
    else if (c === '\n') depths.push(d);
  }
  return depths;
}

/** Offset of the bracket closing the one at `open` in stripped code, or -1. */
export function matchingBracket(stripped: string, open: number): number {
  let d = 0;
  for (let i = open; i < stripped.length; i++) {
    const c = stripped[i];
    if (c === '{' || c === '(' || c === '[') d++;
    else if (c === '}' || c === ')' || c === ']') { d--; if (d === 0) return i; }
  }
  return -1;
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
