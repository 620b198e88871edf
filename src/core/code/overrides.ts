// The `traceExplorer.sourceMap` setting: function name -> "path/to/file[:handler]" for layouts no
// rule covers. Paths are relative to a workspace folder (or absolute).

export interface Override {
  functionName: string;
  file: string;
  exportName?: string;
}

export function parseOverrides(setting: unknown): Override[] {
  if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) return [];
  const out: Override[] = [];
  for (const [functionName, v] of Object.entries(setting as Record<string, unknown>)) {
    if (typeof v !== 'string' || v.trim() === '') continue;
    const s = v.trim();
    // A Windows drive letter (C:\...) is not a handler separator.
    const colon = s.lastIndexOf(':');
    const hasHandler = colon > 1 && !/[\\/]/.test(s.slice(colon + 1));
    out.push({ functionName, file: hasHandler ? s.slice(0, colon) : s, exportName: hasHandler ? s.slice(colon + 1) : undefined });
  }
  return out;
}
