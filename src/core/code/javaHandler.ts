// Finding a Java handler method (`com.example.Handler::handleRequest`) in its class: a method
// declaration at class-body depth in the stripped source.
import type { FoundLine } from './jsHandler';
import { lineDepths, stripCode } from './stripCode';

export function findJavaMethod(text: string, method: string): FoundLine | undefined {
  const code = stripCode(text);
  const codeLines = code.split('\n');
  const depth = lineDepths(code);
  const m = method.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const decl = new RegExp(`^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|static|final|synchronized|abstract|default)\\s+)*[\\w<>\\[\\],.?\\s]+\\s+${m}\\s*\\(`);
  for (let i = 0; i < codeLines.length; i++) {
    if (depth[i] === 1 && decl.test(codeLines[i]) && !/^\s*(?:return|new)\b/.test(codeLines[i])) {
      return { line: i + 1, how: `method ${method}( in the class body` };
    }
  }
  return undefined;
}
