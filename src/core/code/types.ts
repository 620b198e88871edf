// What the infrastructure readers produce and the code map consumes. No `vscode` here.

export type Framework = 'sam' | 'cloudformation' | 'serverless' | 'cdk' | 'setting';

/**
 * A deployed function name as declared: an exact name, or a template with unknown parts
 * (`${AWS::StackName}-orders`, `shop-${opt:stage}-orders`) matched as a pattern.
 */
export interface NameTemplate {
  /** As written, for explanations. */
  display: string;
  /** Set when the name has no unknown part. */
  exact?: string;
  /** Matches the whole deployed name. */
  regex: RegExp;
  /** Literal characters in the template: more means a more specific match. */
  literalChars: number;
}

export interface DeclaredFunction {
  framework: Framework;
  /** Infrastructure file that declares it (absolute). */
  declaredIn: string;
  /** 1-based line of the declaration in that file, when known. */
  declaredLine?: number;
  /** CloudFormation logical id, serverless.yml function key, or CDK construct id. */
  id: string;
  /** Explicit or derived deployed name (FunctionName, `<service>-<stage>-<key>`, CDK functionName). */
  name?: NameTemplate;
  /** Generated names when no explicit name is given: `<stack>-<LogicalId>-<random>` and the like. */
  generated?: { kind: 'cloudformation' | 'cdk'; idPrefix: string };
  /** Handler as configured: `src/orders/handler.handler`, `app.lambda_handler`, `com.x.Handler::handleRequest`. */
  handler?: string;
  runtime?: string;
  /** Code folder, absolute (CodeUri, Code.fromAsset, the serverless.yml folder). */
  codeDir?: string;
  /** Entry file named directly (CDK NodejsFunction `entry`, PythonFunction `entry`/`index`), absolute. */
  entryFile?: string;
  /** Export / function name inside the entry file (NodejsFunction `handler`, default `handler`). */
  entryExport?: string;
  /** Instruction set as declared (`Architectures`, serverless `architecture`, CDK `architecture`): the cost model's second source. */
  architecture?: 'x86_64' | 'arm64';
  /** Memory (MB) and timeout (s) as declared, when written as literals. */
  memorySizeMb?: number;
  timeoutS?: number;
}

/** `arm64`, `ARM_64`, `x86_64`, `X86_64` (case and separators ignored) -> the Lambda architecture name. */
export function architectureOf(v: unknown): 'x86_64' | 'arm64' | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first !== 'string') return undefined;
  const k = first.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (k === 'arm64' || k === 'aarch64') return 'arm64';
  if (k === 'x8664' || k === 'amd64' || k === 'x64') return 'x86_64';
  return undefined;
}

/** Reads workspace files; the extension passes one over the file system, tests too (no mocks needed). */
export interface FileReader {
  read(file: string): string | undefined;
  exists(file: string): boolean;
}
