// Bundled/compiled JavaScript -> original source through the bundler's source map: the map named by
// `//# sourceMappingURL=` (a file or a data: URL) or `<file>.map` beside it. Maps are parsed once per file.
import * as path from 'path';
import { decodedMappings, originalPositionFor, TraceMap, GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND } from '@jridgewell/trace-mapping';
import type { FileReader } from './types';

export interface OriginalPosition {
  /** Absolute path of the original file as the map names it (may not exist in the workspace). */
  file: string;
  /** The map's own source name (`../handler.ts`, `webpack://app/./src/x.ts`). */
  source: string;
  line: number;
  column: number;
  /** The map file used. */
  mapFile: string;
}

interface LoadedMap {
  map: TraceMap;
  mapFile: string;
  sources: string[];
}

const MAPPING_URL = /\/[/*][#@]\s*sourceMappingURL=([^\s*'"]+)\s*(?:\*\/)?\s*$/m;

export class SourceMaps {
  private readonly cache = new Map<string, LoadedMap | null>();

  constructor(private readonly reader: FileReader) {}

  /** The source map of a generated file, or undefined when it has none. */
  load(generatedFile: string): LoadedMap | undefined {
    let m = this.cache.get(generatedFile);
    if (m === undefined) {
      m = this.read(generatedFile) ?? null;
      this.cache.set(generatedFile, m);
    }
    return m ?? undefined;
  }

  /**
   * The original position of a 1-based line (and optional 1-based column) of a generated file.
   * Without a column, the first mapped segment on the line stands for it (a stack frame or span
   * code.lineno names the statement, whose first token is what compilers map).
   */
  original(generatedFile: string, line: number, column?: number): OriginalPosition | undefined {
    const m = this.load(generatedFile);
    if (!m) return undefined;
    let src: { source: string | null; line: number | null; column: number | null } | undefined;
    if (column !== undefined && column > 0) {
      src = originalPositionFor(m.map, { line, column: column - 1, bias: GREATEST_LOWER_BOUND });
      if (src.source === null) src = originalPositionFor(m.map, { line, column: column - 1, bias: LEAST_UPPER_BOUND });
    } else {
      const segs = decodedMappings(m.map)[line - 1];
      const seg = segs?.find((s) => s.length >= 4) as readonly [number, number, number, number] | undefined;
      if (seg) src = { source: m.map.sources[seg[1]] ?? null, line: seg[2] + 1, column: seg[3] };
    }
    if (!src || src.source === null || src.line === null) return undefined;
    const idx = m.map.sources.indexOf(src.source);
    return { file: idx >= 0 ? m.sources[idx] : this.resolveSource(m.mapFile, m.map.sourceRoot, src.source), source: src.source, line: src.line, column: (src.column ?? 0) + 1, mapFile: m.mapFile };
  }

  private read(generatedFile: string): LoadedMap | undefined {
    const text = this.reader.read(generatedFile);
    let raw: string | undefined;
    let mapFile = `${generatedFile}.map`;
    const url = text ? MAPPING_URL.exec(text.slice(-4096))?.[1] : undefined;
    if (url && url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const payload = url.slice(comma + 1);
      raw = /;base64/.test(url.slice(0, comma)) ? Buffer.from(payload, 'base64').toString('utf8') : decodeURIComponent(payload);
      mapFile = generatedFile;
    } else {
      if (url && !/^[a-z]+:\/\//i.test(url)) mapFile = path.resolve(path.dirname(generatedFile), decodeURIComponent(url));
      raw = this.reader.read(mapFile);
      if (raw === undefined && mapFile !== `${generatedFile}.map`) {
        mapFile = `${generatedFile}.map`;
        raw = this.reader.read(mapFile);
      }
    }
    if (raw === undefined) return undefined;
    try {
      const map = new TraceMap(raw);
      const sources = map.sources.map((s) => this.resolveSource(mapFile, map.sourceRoot, s ?? ''));
      return { map, mapFile, sources };
    } catch {
      return undefined;
    }
  }

  /** `../handler.ts` relative to the map; `webpack://app/./src/x.ts` to its path part under the map's folder. */
  private resolveSource(mapFile: string, sourceRoot: string | undefined, source: string | null): string {
    let s = source ?? '';
    const scheme = /^([a-z][\w+.-]*):\/\/(?:[^/]*)\/?(.*)$/i.exec(s);
    if (scheme && scheme[1].toLowerCase() === 'file') return decodeURIComponent(s.replace(/^file:\/\//i, ''));
    if (scheme) s = scheme[2].replace(/^\.\//, '');
    const root = sourceRoot && !/^[a-z]+:\/\//i.test(sourceRoot) ? sourceRoot : '';
    return path.resolve(path.dirname(mapFile), root, s);
  }
}
