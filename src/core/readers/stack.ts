// Stack trace text -> source locations, for the runtimes Lambda functions are written in.
// Frames are returned in text order: innermost first for Node.js, Java, .NET, Go and Ruby;
// OUTERMOST first for Python, whose tracebacks print the most recent call last.
// Line-by-line string scanning, no regular expressions: traces can be long and this runs on error paths
// of large log files.
import type { SourceLocation } from '../model';

/** Frames found in a stack trace (any mix of runtimes); lines that are not frames are ignored. */
export function parseStackFrames(text: string): SourceLocation[] {
  const frames: SourceLocation[] = [];
  if (typeof text !== 'string' || text.length === 0) return frames;
  let prev = '';
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = start;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break; // \n, and \r which the Python runtime uses to keep a traceback in one event
      end++;
    }
    const line = text.slice(start, end).trim();
    if (line.length > 0) {
      const frame = parseFrameLine(line, prev);
      if (frame) frames.push(frame);
      prev = line;
    }
    start = end + 1;
  }
  return frames;
}

/**
 * Frames from a stack given as an array: Node.js / Java `stackTrace: ["Error: x", "    at f (/var/task/a.js:1:2)"]`,
 * Java without `at` (`"example.Handler.handleRequest(Handler.java:22)"`), Python strings holding several lines,
 * and the old Python form `[[file, line, function, code], ...]`.
 */
export function framesFromStackArray(lines: unknown): SourceLocation[] {
  if (typeof lines === 'string') return parseStackFrames(lines);
  if (!Array.isArray(lines)) return [];
  const frames: SourceLocation[] = [];
  for (const item of lines) {
    if (typeof item === 'string') {
      for (const f of parseStackFrames(item)) frames.push(f);
    } else if (Array.isArray(item) && typeof item[0] === 'string' && item[0].length > 0) {
      const frame: SourceLocation = { file: item[0] };
      if (typeof item[1] === 'number' && Number.isFinite(item[1])) frame.line = item[1];
      if (typeof item[2] === 'string' && item[2].length > 0) frame.function = item[2];
      frames.push(frame);
    }
  }
  return frames;
}

function parseFrameLine(line: string, prev: string): SourceLocation | undefined {
  const c = line.charCodeAt(0);
  if (c === 97 /* a */ && line.startsWith('at ')) return atFrame(line.slice(3).trim());
  if (c === 70 /* F */ && line.startsWith('File "')) return pythonFrame(line);
  if (c === 102 /* f */ && line.startsWith('from ')) return rubyFrame(line.slice(5));
  if (line.endsWith(')')) return javaFrame(line); // Java stackTrace arrays have no `at `
  if (line.indexOf('.go:') > 0) return goFrame(line, prev);
  if (line.indexOf(':in ') > 0) return rubyFrame(line);
  return undefined;
}

/** Node.js, Java (with `at`) and .NET frames. */
function atFrame(rest: string): SourceLocation | undefined {
  // .NET: `Namespace.Type.Method(Args) in /src/File.cs:line 42`
  const dotnetLine = rest.lastIndexOf(':line ');
  if (dotnetLine > 0) {
    const inAt = rest.lastIndexOf(' in ', dotnetLine);
    if (inAt > 0) {
      const line = toInt(rest, dotnetLine + 6, rest.length);
      const paren = rest.indexOf('(');
      const fn = rest.slice(0, paren > 0 && paren < inAt ? paren : inAt);
      return frame(rest.slice(inAt + 4, dotnetLine), line, undefined, fn);
    }
  }
  const space = rest.indexOf(' (');
  if (space > 0 && rest.endsWith(')')) {
    // Node.js `fn (location)`: `async ` and `new ` stay part of the name as Node prints them.
    return nodeLocation(rest.slice(space + 2, rest.length - 1), rest.slice(0, space));
  }
  if (rest.endsWith(')')) return javaFrame(rest);
  // `at async /var/task/x.js:1:2`: an anonymous async frame; `async` is not part of the path.
  return nodeLocation(rest.startsWith('async ') ? rest.slice(6) : rest, undefined);
}

/** `/var/task/x.js:42:13`, `file:///var/task/x.mjs:3:9`, `C:\x.js:1:2`; frames without a line (native, <anonymous>) are dropped. */
function nodeLocation(loc: string, fn: string | undefined): SourceLocation | undefined {
  if (loc.startsWith('file://')) loc = loc.slice(7);
  const last = loc.lastIndexOf(':');
  if (last <= 0) return undefined;
  const n2 = toInt(loc, last + 1, loc.length);
  if (n2 === undefined) return undefined;
  const prev = loc.lastIndexOf(':', last - 1);
  const n1 = prev > 0 ? toInt(loc, prev + 1, last) : undefined;
  if (n1 !== undefined) return frame(loc.slice(0, prev), n1, n2, fn);
  return frame(loc.slice(0, last), n2, undefined, fn);
}

/**
 * `com.example.Handler.handleRequest(Handler.java:42)`. The file is given its package path
 * (`com/example/Handler.java`) so it can be found in a source tree; `Native Method` / `Unknown Source` frames are dropped.
 */
function javaFrame(text: string): SourceLocation | undefined {
  const open = text.lastIndexOf('(');
  if (open <= 0) return undefined;
  const loc = text.slice(open + 1, text.length - 1);
  const colon = loc.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const line = toInt(loc, colon + 1, loc.length);
  const fileName = loc.slice(0, colon);
  if (line === undefined || fileName.indexOf('.') <= 0 || fileName.indexOf(' ') >= 0) return undefined;
  let fn = text.slice(0, open);
  if (fn.indexOf(' ') >= 0) return undefined;
  const slash = fn.lastIndexOf('/'); // module or class loader prefix: `java.base/java.lang.Thread.run`, `app//x.Y.z`
  if (slash >= 0) fn = fn.slice(slash + 1);
  const methodDot = fn.lastIndexOf('.');
  const cls = methodDot > 0 ? fn.slice(0, methodDot) : '';
  const pkgDot = cls.lastIndexOf('.');
  const file = pkgDot > 0 ? cls.slice(0, pkgDot).split('.').join('/') + '/' + fileName : fileName;
  return frame(file, line, undefined, fn);
}

/** `File "/var/task/app.py", line 42, in handler` */
function pythonFrame(line: string): SourceLocation | undefined {
  const close = line.indexOf('", line ', 6);
  if (close < 0) return undefined;
  let numEnd = close + 8;
  while (numEnd < line.length && isDigit(line.charCodeAt(numEnd))) numEnd++;
  const lineNo = toInt(line, close + 8, numEnd);
  const inAt = line.indexOf(', in ', numEnd);
  return frame(line.slice(6, close), lineNo, undefined, inAt >= 0 ? line.slice(inAt + 5).trim() : undefined);
}

/** Go panic traces: `main.handler(...)` then `\t/var/task/main.go:42 +0x1d`. */
function goFrame(line: string, prev: string): SourceLocation | undefined {
  const goAt = line.indexOf('.go:');
  let numEnd = goAt + 4;
  while (numEnd < line.length && isDigit(line.charCodeAt(numEnd))) numEnd++;
  const lineNo = toInt(line, goAt + 4, numEnd);
  if (lineNo === undefined || (numEnd < line.length && line.charCodeAt(numEnd) !== 32)) return undefined;
  let fn: string | undefined = prev.startsWith('created by ') ? prev.slice(11) : prev;
  const inGoroutine = fn.indexOf(' in goroutine ');
  if (inGoroutine > 0) fn = fn.slice(0, inGoroutine);
  if (fn.endsWith(')')) fn = fn.slice(0, fn.lastIndexOf('('));
  return frame(line.slice(0, goAt + 3), lineNo, undefined, fn || undefined);
}

/** Ruby: `/var/task/function.rb:5:in 'handler'` (backtick quote before Ruby 3.4). */
function rubyFrame(line: string): SourceLocation | undefined {
  const inAt = line.indexOf(':in ');
  if (inAt <= 0) return undefined;
  const colon = line.lastIndexOf(':', inAt - 1);
  if (colon <= 0) return undefined;
  const lineNo = toInt(line, colon + 1, inAt);
  if (lineNo === undefined) return undefined;
  let fn = line.slice(inAt + 4).trim();
  if (fn.length >= 2 && (fn[0] === '`' || fn[0] === "'")) fn = fn.slice(1, fn.length - 1);
  return frame(line.slice(0, colon), lineNo, undefined, fn);
}

function frame(file: string, line: number | undefined, column: number | undefined, fn: string | undefined): SourceLocation | undefined {
  file = file.trim();
  if (file.length === 0) return undefined;
  const f: SourceLocation = { file };
  if (line !== undefined) f.line = line;
  if (column !== undefined) f.column = column;
  if (fn !== undefined && fn.length > 0) f.function = fn.trim();
  return f;
}

function toInt(s: string, from: number, to: number): number | undefined {
  if (to <= from || to - from > 9) return undefined;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    n = n * 10 + (c - 48);
  }
  return n;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
