// Tracks bracket depth across lines so multi-line JSON values can be cut out of a line stream
// without a full parse (pretty-printed documents, the X-Ray daemon header + document, concatenated JSON).

export class JsonDepthScanner {
  depth = 0;
  private inString = false;
  private escaped = false;

  /** Feeds one chunk of text; returns true when the value that started at depth 0 has closed. */
  feed(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 /* { */ || c === 91 /* [ */) this.depth++;
      else if (c === 125 /* } */ || c === 93 /* ] */) {
        this.depth--;
        if (this.depth <= 0) return true;
      }
    }
    return false;
  }

  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }
}

/**
 * Salvages complete records from a JSON document that does not parse (truncated files):
 * returns the complete elements of the shallowest array that has any, each parsed on its own.
 */
export function salvageArrayElements(text: string): { values: unknown[]; lost: number } {
  const starts: { depth: number; start: number }[] = [];
  const byDepth = new Map<number, unknown[]>();
  let lost = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  const containers: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (c === '{' && containers[containers.length - 1] === '[') starts.push({ depth, start: i });
      containers.push(c);
      depth++;
    } else if (c === '}' || c === ']') {
      containers.pop();
      depth--;
      const top = starts[starts.length - 1];
      if (c === '}' && top && top.depth === depth) {
        starts.pop();
        try {
          const list = byDepth.get(depth) ?? [];
          list.push(JSON.parse(text.slice(top.start, i + 1)));
          byDepth.set(depth, list);
        } catch {
          lost++;
        }
      }
    }
  }
  if (byDepth.size === 0) return { values: [], lost };
  const shallowest = Math.min(...byDepth.keys());
  return { values: byDepth.get(shallowest) ?? [], lost };
}
