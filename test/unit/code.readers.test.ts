import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { discoverFunctions, nodeFileReader, readCdkSource, readServerless, readTemplate } from '../../src/core/code';
import { lineContaining, listFiles, SAMPLE_APP, writeProject } from './code.fixtures';

describe('code: SAM / CloudFormation template reader', () => {
  it('reads the sample app template (FunctionName, Handler, CodeUri, Runtime, Globals)', () => {
    const file = path.join(SAMPLE_APP, 'template.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const fns = readTemplate(file, text);
    assert.deepEqual(fns.map((f) => [f.id, f.name?.exact, f.handler, f.runtime, f.codeDir]), [
      ['OrdersFunction', 'shop-orders-api', 'src/orders/handler.handler', 'nodejs20.x', SAMPLE_APP],
      ['NotificationsFunction', 'shop-notifications', 'src/notifications/handler.handler', 'python3.12', SAMPLE_APP],
      ['BillingFunction', 'shop-billing', 'src/billing/dist/handler.handler', 'nodejs20.x', SAMPLE_APP],
    ]);
    assert.equal(fns[0].declaredLine, lineContaining(text, '  OrdersFunction:'));
    assert.ok(fns.every((f) => f.framework === 'sam'));
  });

  const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: { Type: String, Default: dev }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Globals:
  Function:
    Runtime: python3.12
    Handler: app.lambda_handler
    Timeout: !If [IsProd, 10, 3]
Resources:
  HelloWorldFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello_world/
      Events:
        Hello: { Type: Api, Properties: { Path: /hello, Method: get } }
  NamedFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub '\${AWS::StackName}-named-\${Stage}'
      CodeUri: named/
      Policies:
        - DynamoDBReadPolicy: { TableName: !Ref Table }
      Environment:
        Variables:
          ARN: !GetAtt Table.Arn
          JOINED: !Join ['-', [a, !Ref Stage]]
  JoinedFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Join ['-', [!Ref Stage, 'joined']]
      Runtime: nodejs20.x
      Handler: app.lambdaHandler
      CodeUri: ts-fn/
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [app.ts]
  Table:
    Type: AWS::DynamoDB::Table
  ImageFunction:
    Type: AWS::Serverless::Function
    Properties: { PackageType: Image }
`;

  it('reads a SAM template with Globals, intrinsic tags, !Sub names and esbuild entry points', () => {
    const file = '/proj/template.yaml';
    const fns = readTemplate(file, SAM);
    assert.deepEqual(fns.map((f) => f.id), ['HelloWorldFunction', 'NamedFunction', 'JoinedFunction']);
    const [hello, named, joined] = fns;
    assert.equal(hello.handler, 'app.lambda_handler');
    assert.equal(hello.runtime, 'python3.12');
    assert.equal(hello.codeDir, path.resolve('/proj/hello_world'));
    assert.equal(hello.name, undefined);
    assert.deepEqual(hello.generated, { kind: 'cloudformation', idPrefix: 'HelloWorldFunction' });
    assert.equal(named.name?.display, '${AWS::StackName}-named-${Stage}');
    assert.ok(named.name?.regex.test('shop-named-prod'));
    assert.ok(!named.name?.regex.test('shop-other-prod'));
    assert.equal(joined.name?.display, '${Stage}-joined');
    assert.equal(joined.entryFile, path.resolve('/proj/ts-fn/app.ts'));
  });

  it('reads a plain CloudFormation JSON template (AWS::Lambda::Function)', () => {
    const json = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Worker: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: { 'Fn::Sub': '${Env}-worker' }, Handler: 'worker.main', Runtime: 'nodejs18.x', Code: 'src/' } },
        Inline: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'python3.11', Code: { ZipFile: 'def handler(e, c): pass' } } },
      },
    }, null, 2);
    const fns = readTemplate('/p/stack.json', json);
    assert.equal(fns.length, 2);
    assert.equal(fns[0].framework, 'cloudformation');
    assert.equal(fns[0].codeDir, path.resolve('/p/src'));
    assert.ok(fns[0].name?.regex.test('prod-worker'));
    assert.equal(fns[1].codeDir, path.resolve('/p'));
  });

  it('ignores files that are not templates', () => {
    assert.deepEqual(readTemplate('/p/values.yaml', 'replicas: 3\nimage: nginx\n'), []);
    assert.deepEqual(readTemplate('/p/template.yaml', 'Resources: [unclosed\n'), []);
  });
});

describe('code: serverless.yml reader', () => {
  const YML = `service: shop
frameworkVersion: '3'
provider:
  name: aws
  runtime: nodejs20.x
  stage: \${opt:stage, 'dev'}
custom:
  prefix: \${self:service}-\${sls:stage}
functions:
  createOrder:
    handler: src/handlers/orders.create
    events:
      - httpApi: 'POST /orders'
  sendMail:
    handler: mail/handler.send
    runtime: python3.12
  worker:
    handler: src/worker.run
    name: \${self:custom.prefix}-background
`;

  it('derives <service>-<stage>-<function> names, with the stage as a deploy-time wildcard', () => {
    const fns = readServerless('/svc/serverless.yml', YML);
    assert.deepEqual(fns.map((f) => [f.id, f.handler, f.runtime]), [
      ['createOrder', 'src/handlers/orders.create', 'nodejs20.x'],
      ['sendMail', 'mail/handler.send', 'python3.12'],
      ['worker', 'src/worker.run', 'nodejs20.x'],
    ]);
    const [create, , worker] = fns;
    assert.ok(create.name?.regex.test('shop-prod-createOrder'));
    assert.ok(create.name?.regex.test('shop-dev-createOrder'));
    assert.ok(!create.name?.regex.test('other-prod-createOrder'));
    assert.ok(worker.name?.regex.test('shop-staging-background'), worker.name?.display);
    assert.equal(create.declaredLine, lineContaining(YML, '  createOrder:'));
    assert.equal(create.codeDir, path.resolve('/svc'));
  });

  it('uses a literal stage when the file gives one', () => {
    const fns = readServerless('/svc/serverless.yml', 'service: api\nprovider:\n  name: aws\n  runtime: python3.12\n  stage: prod\nfunctions:\n  hello:\n    handler: handler.hello\n');
    assert.equal(fns[0].name?.exact, 'api-prod-hello');
  });
});

describe('code: CDK source reader', () => {
  const STACK = `import * as path from 'path';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { PythonFunction } from '@aws-cdk/aws-lambda-python-alpha';
import { Construct } from 'constructs';

export class ShopStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // new lambda.Function(this, 'Commented', { handler: 'no.handler' })
    const orders = new lambda.Function(this, 'OrdersHandler', {
      runtime: lambda.Runtime.NODEJS_20_X,
      code: lambda.Code.fromAsset(path.join(__dirname, '..', 'lambda', 'orders')),
      handler: 'index.handler',
      environment: { TABLE: table.tableName },
    });
    new NodejsFunction(this, 'Billing', {
      entry: path.join(__dirname, '../lambda/billing/main.ts'),
      handler: 'charge',
      functionName: 'shop-billing',
    });
    new PythonFunction(this, 'Mailer', {
      entry: 'lambda/mailer',
      runtime: lambda.Runtime.PYTHON_3_12,
    });
    new lambda.Function(this, 'Inline', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1') });
  }
}
`;

  it('reads lambda.Function, NodejsFunction and PythonFunction constructs', () => {
    const file = '/cdk/lib/shop-stack.ts';
    const fns = readCdkSource(file, STACK, '/cdk');
    assert.deepEqual(fns.map((f) => f.id), ['OrdersHandler', 'Billing', 'Mailer']);
    const [orders, billing, mailer] = fns;
    assert.equal(orders.handler, 'index.handler');
    assert.equal(orders.runtime, 'nodejs20.x');
    assert.equal(orders.codeDir, path.resolve('/cdk/lambda/orders'));
    assert.deepEqual(orders.generated, { kind: 'cdk', idPrefix: 'OrdersHandler' });
    assert.equal(orders.declaredLine, lineContaining(STACK, "new lambda.Function(this, 'OrdersHandler'"));
    assert.equal(billing.entryFile, path.resolve('/cdk/lambda/billing/main.ts'));
    assert.equal(billing.entryExport, 'charge');
    assert.equal(billing.name?.exact, 'shop-billing');
    assert.equal(mailer.entryFile, path.resolve('/cdk/lambda/mailer/index.py'));
    assert.equal(mailer.runtime, 'python3.12');
  });

  it('discovers CDK apps (cdk.json), templates and serverless.yml in a workspace', () => {
    const root = writeProject({
      'infra/cdk.json': '{ "app": "npx ts-node bin/app.ts" }',
      'infra/lib/shop-stack.ts': STACK,
      'infra/cdk.out/ShopStack.template.json': '{"Resources":{}}',
      'svc/serverless.yml': 'service: api\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  hello:\n    handler: handler.hello\n',
      'sam/template.yaml': fs.readFileSync(path.join(SAMPLE_APP, 'template.yaml'), 'utf8'),
      'node_modules/x/serverless.yml': 'service: no\nfunctions:\n  x:\n    handler: a.b\n',
    });
    const d = discoverFunctions(listFiles(root).concat(path.join(root, 'node_modules/x/serverless.yml')), nodeFileReader());
    assert.deepEqual(d.read.map((r) => [path.relative(root, r.file), r.kind, r.functions]).sort(), [
      ['infra/lib/shop-stack.ts', 'cdk', 3],
      ['sam/template.yaml', 'template', 3],
      ['svc/serverless.yml', 'serverless', 1],
    ]);
    const orders = d.functions.find((f) => f.id === 'OrdersHandler');
    assert.equal(orders?.codeDir, path.join(root, 'infra', 'lambda', 'orders'));
  });
});
