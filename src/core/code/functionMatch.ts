// Matching the function name seen at runtime (log group /aws/lambda/<name>, faas.name, an ARN) to a
// declared function: explicit names and name templates first, then the names CloudFormation and CDK
// generate (`<stack>-<LogicalId>-<random>`, the logical id possibly truncated or hashed).
import type { DeclaredFunction } from './types';

export interface FunctionMatch {
  fn: DeclaredFunction;
  /** Why it matched, e.g. "FunctionName shop-orders-api" or "generated name <stack>-OrdersFunction-<random>". */
  reason: string;
  /** Higher is more certain. */
  score: number;
}

/** `/aws/lambda/x`, `arn:aws:lambda:r:a:function:x[:alias]`, `x:alias` -> `x`. */
export function runtimeFunctionName(raw: string): string {
  let s = raw.trim();
  const lg = /^\/aws\/lambda\/(.+)$/.exec(s);
  if (lg) s = lg[1];
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::.*)?$/.exec(s);
  if (arn) return arn[1];
  // Lambda@Edge log groups: /aws/lambda/us-east-1.name
  return s.replace(/:(?:\$LATEST|[\w-]+)$/, '');
}

/** `<stack>-<id prefix>[hash]-<random suffix>` as CloudFormation and CDK build names (64 chars max). */
function generatedMatch(name: string, fn: DeclaredFunction): string | undefined {
  const g = fn.generated;
  if (!g) return undefined;
  const m = /^(.+)-([A-Za-z0-9]+)-([A-Za-z0-9]{6,16})$/.exec(name);
  if (!m) return undefined;
  const [, stack, idPart] = m;
  const id = g.idPrefix;
  if (g.kind === 'cloudformation') {
    // Long ids are truncated: the name part is a prefix of the logical id (at least 8 characters of it).
    const ok = idPart === id || (idPart.length >= Math.min(8, id.length) && id.startsWith(idPart));
    return ok ? `generated name <stack ${stack}>-${idPart}-<random> for logical id ${id}` : undefined;
  }
  // CDK logical ids are the construct path plus an 8-hex-digit hash: ...OrdersHandler1A2B3C4D.
  const i = idPart.indexOf(id);
  const rest = i >= 0 ? idPart.slice(i + id.length) : '';
  const ok = i >= 0 && (/^[0-9A-F]{8}$/.test(rest) || rest === '' || /^[0-9A-F]{0,8}$/.test(rest));
  return ok ? `generated name <stack ${stack}>-${idPart}-<random> for construct ${id}` : undefined;
}

export function matchFunction(runtimeName: string, declared: readonly DeclaredFunction[]): FunctionMatch | undefined {
  const name = runtimeFunctionName(runtimeName);
  let best: FunctionMatch | undefined;
  const consider = (m: FunctionMatch) => {
    if (!best || m.score > best.score) best = m;
  };
  for (const fn of declared) {
    if (fn.name?.exact !== undefined) {
      if (fn.name.exact === name) consider({ fn, reason: `its name ${name} is declared (${nameField(fn)})`, score: 1000 });
    } else if (fn.name) {
      const m = fn.name.regex.exec(name);
      if (m) {
        const unknowns = m.slice(1).map((v) => `"${v}"`).join(', ');
        consider({ fn, reason: `${name} fits the declared name ${fn.name.display} (${nameField(fn)}; unknown parts ${unknowns})`, score: 500 + fn.name.literalChars });
      }
    } else {
      const why = generatedMatch(name, fn);
      if (why) consider({ fn, reason: why, score: 100 + (fn.generated?.idPrefix.length ?? 0) });
    }
  }
  return best;
}

function nameField(fn: DeclaredFunction): string {
  switch (fn.framework) {
    case 'serverless': return fn.name?.exact === undefined && fn.name?.display.includes(`-${fn.id}`) ? 'serverless name <service>-<stage>-<function>' : 'serverless name';
    case 'cdk': return 'CDK functionName';
    case 'setting': return 'setting traceExplorer.sourceMap';
    default: return 'FunctionName';
  }
}
