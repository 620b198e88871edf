import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { findHandlerLine, findJavaMethod, findJsExport, findPythonFunction, parseHandler } from '../../src/core/code';
import { lineContaining, SAMPLE_APP } from './code.fixtures';

describe('code: handler strings', () => {
  it('Node.js, Python and Java handler strings', () => {
    assert.deepEqual(parseHandler('src/orders/handler.handler', 'nodejs20.x'), { language: 'javascript', module: 'src/orders/handler', extensions: ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'], exportName: 'handler', bySuffix: false });
    assert.equal(parseHandler('app.lambda_handler', 'python3.12')?.module, 'app');
    assert.equal(parseHandler('pkg.sub.mod.main', 'python3.12')?.module, 'pkg/sub/mod');
    assert.equal(parseHandler('src/notifications/handler.handler', 'python3.12')?.module, 'src/notifications/handler');
    const j = parseHandler('com.example.orders.Handler::handleRequest', 'java21');
    assert.equal(j?.module, 'com/example/orders/Handler');
    assert.equal(j?.exportName, 'handleRequest');
    assert.equal(parseHandler('bootstrap', 'provided.al2023'), undefined);
  });
});

describe('code: finding the handler line (JavaScript / TypeScript)', () => {
  const cases: { name: string; src: string; exp: string; want: string }[] = [
    { name: 'exports.x = async', exp: 'handler', want: 'exports.handler = async', src: "const a = 1;\nexports.handler = async (event) => {\n  return 1;\n};\n" },
    { name: 'module.exports.x =', exp: 'main', want: 'module.exports.main', src: "'use strict';\nmodule.exports.main = function (e) {\n};\n" },
    { name: 'export const', exp: 'handler', want: 'export const handler', src: "import x from 'y';\nexport const handler: Handler = async (e) => {\n};\n" },
    { name: 'export async function', exp: 'handler', want: 'export async function handler', src: "\n\nexport async function handler(event: APIGatewayEvent) {\n  return {};\n}\n" },
    { name: 'export default (default)', exp: 'default', want: 'export default', src: 'const x = 1;\nexport default async function (e) {}\n' },
    { name: 'export { main as handler }', exp: 'handler', want: 'async function main', src: 'async function main(e) {\n  return 2;\n}\nexport { main as handler };\n' },
    { name: 'module.exports = { handler }', exp: 'handler', want: 'const handler = ', src: "const handler = async () => 1;\nconst other = 2;\nmodule.exports = {\n  other,\n  handler,\n};\n" },
    { name: 'module.exports = { handler: run }', exp: 'handler', want: 'function run', src: 'function run(e) {}\nmodule.exports = { handler: run };\n' },
    { name: 'module.exports = { handler() {} }', exp: 'handler', want: 'handler(event)', src: 'module.exports = {\n  async handler(event) {\n    return 1;\n  },\n};\n' },
    { name: 'TypeScript CommonJS output (void 0 first)', exp: 'handler', want: 'const handler = async', src: '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.handler = void 0;\nconst x = 1;\nconst handler = async (event) => {\n};\nexports.handler = handler;\n' },
    { name: "esbuild's __export", exp: 'handler', want: 'var handler = async', src: 'var src_exports = {};\n__export(src_exports, {\n  handler: () => handler\n});\nmodule.exports = __toCommonJS(src_exports);\nvar handler = async (event) => {\n};\n' },
    { name: 'decoys in comments, strings, templates and regexes', exp: 'handler', want: 'exports.handler = function', src: [
      '// exports.handler = fake1',
      '/*',
      'exports.handler = fake2',
      '*/',
      "const s = 'exports.handler = fake3';",
      'const t = `',
      'exports.handler = ${1 + 1} fake4',
      '`;',
      'const r = /exports.handler = [x]/g;',
      'function inner() {',
      '  exports.handler = fake5;',
      '}',
      'exports.handler = function (e) {};',
    ].join('\n') },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const found = findJsExport(c.src, c.exp);
      assert.ok(found, 'not found');
      assert.equal(found.line, lineContaining(c.src, c.want), found.how);
    });
  }

  it('answers undefined when the export does not exist', () => {
    assert.equal(findJsExport('export const other = 1;\n', 'handler'), undefined);
  });

  it('the sample handlers: orders (CommonJS), billing (TypeScript and its compiled output)', () => {
    const orders = fs.readFileSync(path.join(SAMPLE_APP, 'src/orders/handler.js'), 'utf8');
    assert.equal(findHandlerLine('handler.js', orders, 'handler')?.line, lineContaining(orders, 'exports.handler = async'));
    const ts = fs.readFileSync(path.join(SAMPLE_APP, 'src/billing/handler.ts'), 'utf8');
    assert.equal(findHandlerLine('handler.ts', ts, 'handler')?.line, lineContaining(ts, 'export const handler = async'));
    const dist = fs.readFileSync(path.join(SAMPLE_APP, 'src/billing/dist/handler.js'), 'utf8');
    assert.equal(findHandlerLine('handler.js', dist, 'handler')?.line, lineContaining(dist, 'const handler = async'));
  });
});

describe('code: finding the handler line (Python, Java)', () => {
  it('top-level def, skipping docstrings, comments and nested defs', () => {
    const src = [
      '"""Module doc.',
      'def handler(event, context):  (in a docstring)',
      '"""',
      '# def handler(event, context):',
      'class Service:',
      '    def handler(self, event):',
      '        s = """',
      'def handler(fake):',
      '"""',
      '',
      '@logger.inject_lambda_context',
      'async def handler(event, context):',
      '    return 1',
    ].join('\n');
    assert.equal(findPythonFunction(src, 'handler')?.line, 12);
  });

  it('falls back to a top-level assignment (wrapped handlers)', () => {
    assert.equal(findPythonFunction('from mangum import Mangum\napp = FastAPI()\nhandler = Mangum(app)\n', 'handler')?.line, 3);
  });

  it('the sample notifications handler', () => {
    const py = fs.readFileSync(path.join(SAMPLE_APP, 'src/notifications/handler.py'), 'utf8');
    assert.equal(findHandlerLine('handler.py', py, 'handler')?.line, lineContaining(py, 'def handler(event, context):'));
  });

  it('a Java handler method in its class', () => {
    const java = [
      'package com.example;',
      '',
      '// public String handleRequest(fake) {',
      'public class Handler implements RequestHandler<Map<String, Object>, String> {',
      '  private final String s = "handleRequest(";',
      '  @Override',
      '  public String handleRequest(Map<String, Object> event, Context context) {',
      '    return helper(event);',
      '  }',
      '}',
    ].join('\n');
    assert.equal(findJavaMethod(java, 'handleRequest')?.line, 7);
  });
});
