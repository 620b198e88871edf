import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CodeMap, nodeFileReader, SourceMaps } from '../../src/core/code';
import { listFiles, SAMPLE_APP, writeProject } from './code.fixtures';

const DIST = path.join(SAMPLE_APP, 'src/billing/dist/handler.js');
const TS = path.join(SAMPLE_APP, 'src/billing/handler.ts');

function lineText(file: string, line: number): string {
  return fs.readFileSync(file, 'utf8').split('\n')[line - 1].trim();
}

describe('code: source maps (sample billing bundle -> handler.ts)', () => {
  const maps = new SourceMaps(nodeFileReader());

  it('maps every statement line of the compiled file to the same statement in handler.ts', () => {
    const dist = fs.readFileSync(DIST, 'utf8').split('\n');
    let checked = 0;
    for (let i = 0; i < dist.length; i++) {
      // TypeScript rewrites imported names (`client_dynamodb_1.UpdateItemCommand`).
      const text = dist[i].trim().replace(/\b\w+_\d+\./g, '');
      // Lines TypeScript emits unchanged (no types, no import rewriting) must read the same in the .ts.
      if (!/^(const (res|body|msg|chargeId) =|await |if \(|throw |return |for \(|logger\.)/.test(text) || /\bas\b|\):/.test(text)) continue;
      const o = maps.original(DIST, i + 1);
      assert.ok(o, `line ${i + 1} has no mapping`);
      assert.equal(o.file, TS);
      const ts = lineText(TS, o.line).replace(/ as \w+\)?;$/, ';');
      assert.ok(ts.startsWith(text.replace(/\);$/, '').replace(/\($/, '').slice(0, 20)), `dist:${i + 1} "${text}" -> ts:${o.line} "${ts}"`);
      checked++;
    }
    assert.ok(checked >= 8, `only ${checked} lines checked`);
  });

  it('the span locations the sample records: fetch, UpdateItem, the handler', () => {
    for (const [distLine, needle] of [[13, 'await fetch(PAYMENTS_URL'], [25, 'await ddb.send(new UpdateItemCommand'], [33, 'export const handler = async']] as const) {
      const o = maps.original(DIST, distLine);
      assert.ok(o);
      assert.ok(lineText(TS, o.line).includes(needle), `dist:${distLine} -> ts:${o.line} "${lineText(TS, o.line)}"`);
    }
  });

  it('a column narrows to the exact original position', () => {
    const o = maps.original(DIST, 25, 11); // "ddb" in `    await ddb.send(`
    assert.ok(o);
    assert.equal(lineText(TS, o.line).slice(0, 9), 'await ddb');
  });

  it('reads inline data: URL maps and answers undefined without a map', () => {
    const map = { version: 3, sources: ['../src/a.ts'], names: [], mappings: ';AAEA' };
    const root = writeProject({
      'out/a.js': `x();\ny();\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`,
      'src/a.ts': '// a\n\nx();\n',
      'out/plain.js': 'z();\n',
    });
    const m = new SourceMaps(nodeFileReader());
    const o = m.original(path.join(root, 'out/a.js'), 2);
    assert.deepEqual(o && [o.file, o.line], [path.join(root, 'src/a.ts'), 3]);
    assert.equal(m.original(path.join(root, 'out/plain.js'), 1), undefined);
  });

  it('a deployed path of the bundle resolves to the workspace .ts line (path suffix + map)', () => {
    const cm = new CodeMap({ reader: nodeFileReader(), files: [listFiles(SAMPLE_APP)] });
    const r = cm.locateSource({ file: '/var/task/src/billing/dist/handler.js', line: 25 });
    assert.ok(r.ok);
    assert.equal(r.value.file, TS);
    assert.ok(lineText(TS, r.value.line).startsWith('await ddb.send(new UpdateItemCommand'));
    assert.deepEqual(r.value.generated, { file: DIST, line: 25 });
    const js = cm.locateSource({ file: '/var/task/src/orders/handler.js', line: 50 });
    assert.ok(js.ok && js.value.file === path.join(SAMPLE_APP, 'src/orders/handler.js') && js.value.line === 50 && !js.value.generated);
  });
});

describe('code: a workspace with a webpack bundle, a CDK app and a serverless.yml, end to end', () => {
  const map = { version: 3, file: 'main.js', sources: ['webpack://billing/./src/charge.ts'], names: [], mappings: ';AAEA' };
  const root = writeProject({
    'infra/cdk.json': '{}',
    'infra/lib/stack.ts': [
      "import * as lambda from 'aws-cdk-lib/aws-lambda';",
      "import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';",
      "new lambda.Function(this, 'Orders', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromAsset('lambda/orders') });",
      "new lambda.Function(this, 'Billing', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'main.charge', code: lambda.Code.fromAsset('../billing/dist'), functionName: 'billing-charge' });",
    ].join('\n'),
    'infra/lambda/orders/index.js': 'const x = 1;\nexports.handler = async () => x;\n',
    'billing/dist/main.js': '"use strict";\nconst charge = async () => 1;\nexports.charge = charge;\n//# sourceMappingURL=main.js.map\n',
    'billing/dist/main.js.map': JSON.stringify(map),
    'billing/src/charge.ts': '// charge\n\nexport const charge = async (): Promise<number> => 1;\n',
    'mail/serverless.yml': 'service: mail\nprovider:\n  name: aws\n  runtime: python3.12\n  stage: prod\nfunctions:\n  send:\n    handler: app/mailer.send\n',
    'mail/app/mailer.py': 'import os\n\n\ndef send(event, context):\n    return 1\n',
  });
  const cm = new CodeMap({ reader: nodeFileReader(), files: [listFiles(root)], roots: [root] });

  it('a CDK generated name leads to the asset folder handler', () => {
    const r = cm.locateFunction('arn:aws:lambda:eu-west-1:1:function:ShopStack-Orders8A1B2C3D-x1Y2z3A4b5C6');
    assert.ok(r.ok, r.ok ? '' : r.steps.join('\n'));
    assert.deepEqual([r.value.file, r.value.line], [path.join(root, 'infra/lambda/orders/index.js'), 2]);
  });

  it('a webpack:// source in the map resolves to the workspace .ts by path suffix', () => {
    const r = cm.locateFunction('billing-charge');
    assert.ok(r.ok, r.ok ? '' : r.steps.join('\n'));
    assert.deepEqual([r.value.file, r.value.line], [path.join(root, 'billing/src/charge.ts'), 3]);
    assert.deepEqual(r.value.generated, { file: path.join(root, 'billing/dist/main.js'), line: 2 });
  });

  it('serverless.yml <service>-<stage>-<function> leads to the Python function', () => {
    const r = cm.locateFunction('/aws/lambda/mail-prod-send');
    assert.ok(r.ok, r.ok ? '' : r.steps.join('\n'));
    assert.deepEqual([r.value.file, r.value.line], [path.join(root, 'mail/app/mailer.py'), 4]);
    assert.match(r.value.steps.join('\n'), /Matched mail-prod-send to serverless\.yml send/);
  });
});
