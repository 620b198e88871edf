// The source-map step for opening a span's source: a compiled/bundled JavaScript location that has
// a source map in the workspace opens at the original (TypeScript) file and line instead.
import * as fs from 'fs';
import * as path from 'path';
import { nodeFileReader } from '../../core/code/fileReader';
import { SourceMaps } from '../../core/code/sourceMaps';

export interface Position {
  file: string;
  line?: number;
  column?: number;
}

const JS = /\.(m|c)?jsx?$/i;

/** The original position of a local file's line, or the same position when no map leads anywhere that exists. */
export function originalPosition(file: string, line?: number, column?: number): Position {
  if (!JS.test(file) || !line) return { file, line, column };
  // A fresh reader per call: maps change when the project is rebuilt, and reading one is cheap.
  const o = new SourceMaps(nodeFileReader()).original(file, line, column);
  if (!o || !isFile(o.file)) return { file, line, column };
  return { file: path.normalize(o.file), line: o.line, column: column ? o.column : undefined };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
