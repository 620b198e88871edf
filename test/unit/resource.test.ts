import { strict as assert } from 'assert';
import type { Attributes, SpanKind } from '../../src/core/model';
import { awsServiceOf, awsServiceOfHost, classifyRemote, httpHost, lastSegment } from '../../src/core/readers/resource';

const remote = (kind: SpanKind, attributes: Attributes, extra: { name?: string; resourceAttributes?: Attributes; peerService?: string } = {}) =>
  classifyRemote({ kind, attributes, ...extra });

describe('awsServiceOf', () => {
  it('canonicalises SDK, X-Ray and OTel spellings', () => {
    const cases: [string, string][] = [
      ['DynamoDB', 'DynamoDB'], ['AmazonDynamoDBv2', 'DynamoDB'], ['dynamodb', 'DynamoDB'],
      ['SQS', 'SQS'], ['AmazonSQS', 'SQS'], ['Sqs', 'SQS'], ['SNS', 'SNS'], ['S3', 'S3'], ['AmazonS3', 'S3'],
      ['Lambda', 'Lambda'], ['AWSLambda', 'Lambda'], ['SFN', 'StepFunctions'], ['StepFunctions', 'StepFunctions'], ['states', 'StepFunctions'],
      ['EventBridge', 'EventBridge'], ['CloudWatchEvents', 'EventBridge'], ['Kinesis', 'Kinesis'],
      ['Amazon Rekognition', 'Rekognition'],
    ];
    for (const [raw, want] of cases) assert.equal(awsServiceOf(raw), want, raw);
    assert.equal(awsServiceOf(''), undefined);
    assert.equal(awsServiceOf(undefined), undefined);
  });

  it('recognises AWS endpoints by host', () => {
    assert.equal(awsServiceOfHost('dynamodb.us-east-1.amazonaws.com'), 'DynamoDB');
    assert.equal(awsServiceOfHost('sqs.eu-west-1.amazonaws.com'), 'SQS');
    assert.equal(awsServiceOfHost('my-bucket.s3.eu-west-1.amazonaws.com'), 'S3');
    assert.equal(awsServiceOfHost('abc123.execute-api.eu-west-1.amazonaws.com'), 'APIGateway');
    assert.equal(awsServiceOfHost('api.example.com'), undefined);
  });
});

describe('classifyRemote: AWS SDK calls (OTel rpc.system=aws-api)', () => {
  const aws = (service: string, attrs: Attributes = {}) => remote('client', { 'rpc.system': 'aws-api', 'rpc.service': service, ...attrs });

  it('names the resource each service call touches', () => {
    assert.deepEqual(aws('DynamoDB', { 'aws.dynamodb.table_names': ['orders', 'users'] }), { id: 'aws:orders', type: 'aws', name: 'orders', service: 'DynamoDB' });
    assert.deepEqual(aws('SQS', { 'aws.sqs.queue.url': 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo' }), { id: 'queue:jobs.fifo', type: 'queue', name: 'jobs.fifo', service: 'SQS' });
    assert.deepEqual(aws('SQS', { 'messaging.destination.name': 'jobs' }), { id: 'queue:jobs', type: 'queue', name: 'jobs', service: 'SQS' });
    assert.deepEqual(aws('SNS', { 'aws.sns.topic.arn': 'arn:aws:sns:us-east-1:123456789012:order-events' }), { id: 'topic:order-events', type: 'topic', name: 'order-events', service: 'SNS' });
    assert.deepEqual(aws('S3', { 'aws.s3.bucket': 'invoices' }), { id: 'aws:invoices', type: 'aws', name: 'invoices', service: 'S3' });
    assert.deepEqual(aws('Lambda', { 'faas.invoked_name': 'arn:aws:lambda:us-east-1:123456789012:function:billing' }), { id: 'function:billing', type: 'function', name: 'billing', service: 'Lambda' });
    assert.deepEqual(aws('SFN', { 'aws.step_functions.state_machine.arn': 'arn:aws:states:us-east-1:123456789012:stateMachine:checkout' }), { id: 'aws:checkout', type: 'aws', name: 'checkout', service: 'StepFunctions' });
    assert.deepEqual(aws('EventBridge'), { id: 'topic:EventBridge', type: 'topic', name: 'EventBridge', service: 'EventBridge' });
    assert.deepEqual(aws('SecretsManager'), { id: 'aws:SecretsManager', type: 'aws', name: 'SecretsManager', service: 'SecretsManager' });
  });

  it('falls back on the span name when rpc.service is missing', () => {
    assert.deepEqual(remote('client', { 'rpc.system': 'aws-api' }, { name: 'DynamoDB.GetItem' }), { id: 'aws:DynamoDB', type: 'aws', name: 'DynamoDB', service: 'DynamoDB' });
    assert.deepEqual(remote('client', { 'rpc.system': 'aws-api' }, { name: 'S3' }), { id: 'aws:S3', type: 'aws', name: 'S3', service: 'S3' });
  });
});

describe('classifyRemote: databases, messaging, HTTP, peers', () => {
  it('databases', () => {
    assert.deepEqual(remote('client', { 'db.system': 'postgresql', 'db.name': 'shop', 'server.address': 'db.internal' }), { id: 'database:shop', type: 'database', name: 'shop', service: 'postgresql' });
    assert.deepEqual(remote('client', { 'db.system': 'redis', 'server.address': 'cache.internal' }), { id: 'database:cache.internal', type: 'database', name: 'cache.internal', service: 'redis' });
    assert.deepEqual(remote('client', { 'db.system': 'dynamodb', 'aws.dynamodb.table_names': ['t'] }), { id: 'aws:t', type: 'aws', name: 't', service: 'DynamoDB' });
  });

  it('messaging', () => {
    assert.deepEqual(remote('producer', { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' }), { id: 'queue:orders', type: 'queue', name: 'orders', service: 'kafka' });
    assert.deepEqual(remote('consumer', { 'messaging.system': 'aws_sqs', 'messaging.destination.name': 'jobs' }), { id: 'queue:jobs', type: 'queue', name: 'jobs', service: 'SQS' });
    assert.deepEqual(remote('producer', { 'messaging.system': 'aws_sns', 'messaging.destination.name': 'arn:aws:sns:us-east-1:1:alerts' }), { id: 'topic:alerts', type: 'topic', name: 'alerts', service: 'SNS' });
    assert.deepEqual(remote('consumer', { 'messaging.system': 'aws.sns', 'messaging.destination.name': 'order-events' }), { id: 'topic:order-events', type: 'topic', name: 'order-events', service: 'SNS' });
  });

  it('HTTP hosts from every key, without port or credentials', () => {
    assert.deepEqual(remote('client', { 'url.full': 'https://user:pw@API.Example.com:8443/a?b#c' }), { id: 'http:api.example.com', type: 'http', name: 'api.example.com' });
    assert.equal(remote('client', { 'http.url': 'http://legacy.example.com/x' })?.name, 'legacy.example.com');
    assert.equal(remote('client', { 'server.address': 'svc.local' })?.name, 'svc.local');
    assert.equal(remote('client', { 'http.host': 'h.example.com:80' })?.name, 'h.example.com');
    assert.equal(remote('client', { 'net.peer.name': 'peer.example.com' })?.name, 'peer.example.com');
    assert.deepEqual(remote('client', { 'url.full': 'https://dynamodb.eu-west-1.amazonaws.com/' }), { id: 'aws:DynamoDB', type: 'aws', name: 'DynamoDB', service: 'DynamoDB' });
    assert.deepEqual(remote('client', { 'url.full': 'https://abc.execute-api.eu-west-1.amazonaws.com/prod' }), { id: 'aws:abc.execute-api.eu-west-1.amazonaws.com', type: 'aws', name: 'abc.execute-api.eu-west-1.amazonaws.com', service: 'APIGateway' });
    assert.equal(httpHost({ 'url.full': 'not a url' }), undefined);
    assert.equal(httpHost({ 'server.address': '[::1]:8080' }), '[::1]');
  });

  it('a named peer service wins over its host; internal spans need explicit rpc/db/messaging', () => {
    assert.deepEqual(remote('client', { 'url.full': 'http://10.0.0.1/' }, { peerService: 'orders' }), { id: 'service:orders', type: 'service', name: 'orders' });
    assert.equal(remote('client', { 'peer.service': 'billing' })?.id, 'service:billing');
    assert.equal(remote('internal', { 'url.full': 'http://x/' }), undefined);
    assert.equal(remote('internal', { 'db.system': 'mysql', 'db.name': 'm' })?.id, 'database:m');
    assert.equal(remote('client', {}), undefined);
  });
});

describe('classifyRemote: what a server span is', () => {
  it('a Lambda function from faas.name or the resource ARN', () => {
    assert.deepEqual(remote('server', { 'faas.name': 'orders' }), { id: 'function:orders', type: 'function', name: 'orders', service: 'Lambda' });
    assert.equal(remote('server', {}, { resourceAttributes: { 'cloud.resource_id': 'arn:aws:lambda:us-east-1:1:function:pay:prod' } })?.id, 'function:pay');
  });

  it('API Gateway from faas.trigger=http without a function, or from the X-Ray origin', () => {
    assert.deepEqual(remote('server', { 'faas.trigger': 'http', 'server.address': 'abc.execute-api.us-east-1.amazonaws.com' }),
      { id: 'aws:abc.execute-api.us-east-1.amazonaws.com', type: 'aws', name: 'abc.execute-api.us-east-1.amazonaws.com', service: 'APIGateway' });
    assert.deepEqual(remote('server', { 'xray.origin': 'AWS::ApiGateway::Stage' }, { name: 'orders-api/prod' }), { id: 'aws:orders-api/prod', type: 'aws', name: 'orders-api/prod', service: 'APIGateway' });
  });

  it('X-Ray origins: functions, the Lambda service, inferred AWS resources', () => {
    assert.equal(remote('server', { 'xray.origin': 'AWS::Lambda::Function' }, { name: 'orders' })?.id, 'function:orders');
    assert.equal(remote('server', { 'xray.origin': 'AWS::Lambda' }, { name: 'orders' })?.id, 'function:orders');
    assert.equal(remote('server', { 'xray.origin': 'AWS::DynamoDB::Table' }, { name: 'DynamoDB' })?.id, 'aws:DynamoDB');
    assert.equal(remote('server', { 'xray.origin': 'AWS::SQS::Queue' }, { name: 'jobs' })?.id, 'queue:jobs');
    assert.equal(remote('server', { 'xray.origin': 'AWS::SNS::Topic' }, { name: 'alerts' })?.id, 'topic:alerts');
    assert.equal(remote('server', { 'xray.origin': 'AWS::EC2::Instance' }, { name: 'web' })?.id, 'aws:web');
    assert.equal(remote('server', {}), undefined, 'a plain server span is no resource of its own');
  });

  it('API Gateway from an aws/spans resource on the aws_api_gateway platform', () => {
    assert.deepEqual(remote('server', { 'server.address': 'k3.execute-api.eu-west-1.amazonaws.com' }, { resourceAttributes: { 'cloud.platform': 'aws_api_gateway', 'service.name': 'shop-api/prod' } }),
      { id: 'aws:shop-api/prod', type: 'aws', name: 'shop-api/prod', service: 'APIGateway' });
  });

  it('X-Ray subsegments (namespace aws) are AWS calls', () => {
    assert.deepEqual(remote('client', { 'xray.namespace': 'aws', 'xray.aws.resource_names': ['my-secret'] }, { name: 'SecretsManager' }),
      { id: 'aws:my-secret', type: 'aws', name: 'my-secret', service: 'SecretsManager' });
    assert.deepEqual(remote('client', { 'xray.namespace': 'aws', 'aws.sqs.queue.url': 'https://sqs.us-east-1.amazonaws.com/1/q' }, { name: 'SQS' }), { id: 'queue:q', type: 'queue', name: 'q', service: 'SQS' });
  });
});

describe('lastSegment', () => {
  it('takes the name out of URLs and ARNs', () => {
    assert.equal(lastSegment('https://sqs.us-east-1.amazonaws.com/123/q'), 'q');
    assert.equal(lastSegment('arn:aws:sns:us-east-1:1:topic'), 'topic');
    assert.equal(lastSegment('arn:aws:dynamodb:us-east-1:1:table/orders'), 'orders');
    assert.equal(lastSegment('plain'), 'plain');
    assert.equal(lastSegment('trailing/'), 'trailing/');
  });
});
