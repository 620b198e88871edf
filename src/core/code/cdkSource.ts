// AWS CDK apps in TypeScript/JavaScript, read statically: `new lambda.Function(this, 'Id', {...})`,
// `new NodejsFunction(this, 'Id', {...})`, `new PythonFunction(...)`. Only what is written as
// literals (strings, path.join(__dirname, ...), Code.fromAsset('dir'), Runtime.X) is understood.
import * as path from 'path';
import { literalName, NamePart, nameTemplate, splitPlaceholders } from './nameTemplate';
import { lineOf, matchingBracket, stripCode } from './stripCode';
import { architectureOf, DeclaredFunction, NameTemplate } from './types';

const CONSTRUCT = /\bnew\s+(?:[\w$]+\.)*(Function|NodejsFunction|PythonFunction|SingletonFunction)\s*\(\s*this\s*,\s*(['"`])([^'"`]+)\2\s*,\s*\{/g;

export function looksLikeCdk(text: string): boolean {
  return /aws-cdk-lib|@aws-cdk\//.test(text) && /\bnew\s+(?:[\w$]+\.)*(?:Function|NodejsFunction|PythonFunction|SingletonFunction)\s*\(/.test(text);
}

/** `appRoot`: the folder of cdk.json (where `cdk synth` runs, so relative asset paths start there). */
export function readCdkSource(file: string, text: string, appRoot: string = path.dirname(file)): DeclaredFunction[] {
  if (!looksLikeCdk(text)) return [];
  const code = stripCode(text);
  const fileDir = path.dirname(file);
  const out: DeclaredFunction[] = [];
  CONSTRUCT.lastIndex = 0;
  for (let m = CONSTRUCT.exec(text); m; m = CONSTRUCT.exec(text)) {
    if (code[m.index] !== 'n') continue; // inside a comment or string
    const open = m.index + m[0].length - 1;
    const close = matchingBracket(code, open);
    if (close < 0) continue;
    const props = topLevelProps(text.slice(open + 1, close), code.slice(open + 1, close));
    const kind = m[1];
    const id = m[3];
    const paths = (expr: string | undefined, relativeTo: string) => (expr === undefined ? undefined : evalPath(expr, fileDir, relativeTo));
    const d: DeclaredFunction = {
      framework: 'cdk', declaredIn: file, declaredLine: lineOf(text, m.index), id,
      generated: { kind: 'cdk', idPrefix: id.replace(/[^A-Za-z0-9]/g, '') },
      runtime: runtimeOf(props.get('runtime')),
    };
    const arch = /Architecture\.(ARM_64|X86_64)/.exec(props.get('architecture') ?? '');
    if (arch) d.architecture = architectureOf(arch[1]);
    const mem = /^\d+$/.exec((props.get('memorySize') ?? '').trim());
    if (mem) d.memorySizeMb = Number(mem[0]);
    const timeout = /Duration\.(seconds|minutes)\(\s*(\d+)\s*\)/.exec(props.get('timeout') ?? '');
    if (timeout) d.timeoutS = Number(timeout[2]) * (timeout[1] === 'minutes' ? 60 : 1);
    const fnName = props.get('functionName');
    if (fnName !== undefined) {
      d.name = nameOfExpr(fnName);
      d.generated = undefined;
    }
    if (kind === 'NodejsFunction') {
      d.runtime ??= 'nodejs';
      const entry = paths(props.get('entry'), appRoot);
      // Without `entry`, NodejsFunction looks for <defining file>.<id>.ts next to the defining file.
      d.entryFile = entry ?? path.join(fileDir, `${path.basename(file, path.extname(file))}.${id}.ts`);
      d.entryExport = stringOf(props.get('handler')) ?? 'handler';
    } else if (kind === 'PythonFunction') {
      d.runtime ??= 'python';
      const entryDir = paths(props.get('entry'), appRoot);
      if (entryDir) d.entryFile = path.join(entryDir, stringOf(props.get('index')) ?? 'index.py');
      d.entryExport = stringOf(props.get('handler')) ?? 'handler';
    } else {
      d.handler = stringOf(props.get('handler'));
      const codeExpr = props.get('code');
      const asset = codeExpr && /\.(?:fromAsset|asset)\s*\(([\s\S]*)\)\s*$/.exec(codeExpr.trim());
      if (asset) d.codeDir = evalPath(firstArg(asset[1]), fileDir, appRoot);
      else if (codeExpr && /fromInline/.test(codeExpr)) continue; // inline code has no workspace file
    }
    out.push(d);
  }
  return out;
}

/** `key: value` pairs at the top level of an object literal body (value text up to the next top-level comma). */
function topLevelProps(body: string, bodyCode: string): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0, start = 0;
  const take = (end: number) => {
    const seg = body.slice(start, end);
    const m = /^\s*['"]?([\w$]+)['"]?\s*:\s*([\s\S]*?)\s*$/.exec(seg);
    if (m) out.set(m[1], m[2]);
    else if (/^\s*[\w$]+\s*$/.test(seg)) out.set(seg.trim(), seg.trim()); // shorthand `{ handler }`
  };
  for (let i = 0; i < bodyCode.length; i++) {
    const c = bodyCode[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) { take(i); start = i + 1; }
  }
  take(bodyCode.length);
  return out;
}

function stringOf(expr: string | undefined): string | undefined {
  const m = expr && /^(['"`])([^'"`$]*)\1$/.exec(expr.trim());
  return m ? m[2] : undefined;
}

function firstArg(args: string): string {
  let depth = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) return args.slice(0, i);
  }
  return args;
}

/** A path expression made of literals and __dirname; undefined when it depends on anything else. */
export function evalPath(expr: string, fileDir: string, appRoot: string): string | undefined {
  const e = expr.trim();
  const lit = stringOf(e);
  if (lit !== undefined) return path.resolve(appRoot, lit);
  const tpl = /^`\$\{__dirname\}([^`$]*)`$/.exec(e);
  if (tpl) return path.resolve(fileDir, `.${tpl[1]}`);
  const call = /^(?:path\.)?(join|resolve)\s*\(([\s\S]*)\)$/.exec(e);
  if (!call) return undefined;
  const parts: string[] = [];
  for (const a of call[2].split(',').map((s) => s.trim()).filter(Boolean)) {
    if (a === '__dirname') parts.push(fileDir);
    else if (a === 'process.cwd()') parts.push(appRoot);
    else {
      const s = stringOf(a);
      if (s === undefined) return undefined;
      parts.push(s);
    }
  }
  return parts.length ? path.resolve(appRoot, ...parts) : undefined;
}

function runtimeOf(expr: string | undefined): string | undefined {
  const m = expr && /Runtime\.(NODEJS|PYTHON|JAVA)_?([\w]*)/.exec(expr);
  if (!m) return undefined;
  const v = m[2].replace(/_X$/, '').replace(/_/g, '.');
  if (m[1] === 'NODEJS') return `nodejs${v === 'LATEST' ? '' : v}${v && v !== 'LATEST' ? '.x' : ''}`;
  if (m[1] === 'PYTHON') return `python${v}`;
  return `java${v}`;
}

function nameOfExpr(expr: string): NameTemplate {
  const s = stringOf(expr);
  if (s !== undefined) return literalName(s);
  const tpl = /^`([^`]*)`$/.exec(expr.trim());
  if (tpl) return nameTemplate(splitPlaceholders(tpl[1], (inner): NamePart[] => [{ unknown: inner.trim() }]));
  return nameTemplate([{ unknown: expr.trim() }]);
}
