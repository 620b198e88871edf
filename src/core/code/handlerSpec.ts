// A configured handler string -> the module files it can live in and the function inside them,
// per runtime family: Node.js `path/file.export`, Python `pkg.module.func` (or `path/module.func`),
// Java `com.example.Handler::method`.
import * as path from 'path';

export type Language = 'javascript' | 'python' | 'java' | 'other';

export interface HandlerSpec {
  language: Language;
  /** Module path without extension, relative to the code folder (`src/orders/handler`). */
  module: string;
  /** Extensions to try, in order. */
  extensions: string[];
  /** Exported function / method name. */
  exportName: string;
  /** Java: the class file is found by suffix anywhere (src/main/java/...). */
  bySuffix: boolean;
}

export const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];

export function languageOfRuntime(runtime: string | undefined, handler: string): Language {
  const r = (runtime ?? '').toLowerCase();
  if (r.startsWith('nodejs')) return 'javascript';
  if (r.startsWith('python')) return 'python';
  if (r.startsWith('java')) return 'java';
  if (r) return 'other';
  // No runtime (CDK read statically, some templates): guess from the handler's shape.
  if (handler.includes('::')) return 'java';
  return 'javascript';
}

export function languageOfFile(file: string): Language {
  const ext = path.extname(file).toLowerCase();
  if (JS_EXTENSIONS.includes(ext)) return 'javascript';
  if (ext === '.py') return 'python';
  if (ext === '.java') return 'java';
  return 'other';
}

export function parseHandler(handler: string, runtime?: string): HandlerSpec | undefined {
  const h = handler.trim();
  const language = languageOfRuntime(runtime, h);
  if (language === 'java') {
    const [cls, method] = h.split('::');
    return { language, module: cls.replace(/\./g, '/'), extensions: ['.java'], exportName: method || 'handleRequest', bySuffix: true };
  }
  const slash = h.lastIndexOf('/');
  const dot = h.indexOf('.', slash + 1);
  if (dot < 0) return undefined;
  if (language === 'python') {
    // The function is after the last dot; the module path may use dots or slashes.
    const last = h.lastIndexOf('.');
    return { language, module: h.slice(0, last).replace(/\./g, '/'), extensions: ['.py'], exportName: h.slice(last + 1), bySuffix: false };
  }
  if (language === 'javascript') {
    return { language, module: h.slice(0, dot), extensions: JS_EXTENSIONS, exportName: h.slice(dot + 1), bySuffix: false };
  }
  return undefined;
}
