// The handler's line in its file, by language.
import { findJavaMethod } from './javaHandler';
import { FoundLine, findJsExport } from './jsHandler';
import { languageOfFile } from './handlerSpec';
import { findPythonFunction } from './pyHandler';

export function findHandlerLine(file: string, text: string, exportName: string): FoundLine | undefined {
  switch (languageOfFile(file)) {
    case 'javascript': return findJsExport(text, exportName);
    case 'python': return findPythonFunction(text, exportName);
    case 'java': return findJavaMethod(text, exportName);
    default: return undefined;
  }
}
