// A FileReader over the local file system, remembering what it read (infrastructure files and
// handlers are read a few times while a code map is built).
import * as fs from 'fs';
import type { FileReader } from './types';

const MAX_BYTES = 5 * 1024 * 1024;

export function nodeFileReader(): FileReader {
  const texts = new Map<string, string | undefined>();
  return {
    read(file) {
      if (texts.has(file)) return texts.get(file);
      let text: string | undefined;
      try {
        const st = fs.statSync(file);
        text = st.isFile() && st.size <= MAX_BYTES ? fs.readFileSync(file, 'utf8') : undefined;
      } catch {
        text = undefined;
      }
      texts.set(file, text);
      return text;
    },
    exists(file) {
      if (texts.get(file) !== undefined) return true;
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
  };
}
