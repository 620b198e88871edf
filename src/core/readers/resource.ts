// Which resource a span calls (client/producer/consumer) or is (server): the nodes of the architecture map.
import type { Attributes, Resource, ResourceType, SpanKind } from '../model';
import { functionNameFromArn, functionNameFromAttributes, strAttr } from './attrs';

export interface RemoteInput {
  kind: SpanKind;
  name?: string;
  attributes: Attributes;
  resourceAttributes?: Attributes;
  /** Remote service named by the format itself (Zipkin remoteEndpoint, Jaeger peer.service). */
  peerService?: string;
}

export function makeResource(type: ResourceType, name: string, service?: string): Resource {
  const r: Resource = { id: `${type}:${name}`, type, name };
  if (service) r.service = service;
  return r;
}

/**
 * Canonical AWS service name from what SDKs, X-Ray and OTel write:
 * 'AmazonDynamoDBv2', 'dynamodb', 'DynamoDB' -> 'DynamoDB'; 'SFN', 'states' -> 'StepFunctions'.
 */
export function awsServiceOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let cached = serviceCache.get(raw);
  if (cached === undefined) {
    cached = computeAwsService(raw) ?? '';
    if (serviceCache.size < 1000) serviceCache.set(raw, cached); // bounded: raw values come from data
  }
  return cached || undefined;
}

const serviceCache = new Map<string, string>();

function computeAwsService(raw: string): string | undefined {
  let k = raw.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (k.startsWith('amazon')) k = k.slice(6);
  else if (k.startsWith('aws')) k = k.slice(3);
  if (k.endsWith('v2')) k = k.slice(0, -2);
  const known = AWS_SERVICES.get(k);
  if (known) return known;
  return k ? raw.replace(/^(Amazon|AWS)\s*/i, '') : undefined;
}

const AWS_SERVICES = new Map<string, string>([
  ['dynamodb', 'DynamoDB'], ['ddb', 'DynamoDB'],
  ['sqs', 'SQS'], ['sns', 'SNS'], ['s3', 'S3'],
  ['lambda', 'Lambda'],
  ['sfn', 'StepFunctions'], ['stepfunctions', 'StepFunctions'], ['states', 'StepFunctions'],
  ['eventbridge', 'EventBridge'], ['events', 'EventBridge'], ['cloudwatchevents', 'EventBridge'],
  ['kinesis', 'Kinesis'], ['firehose', 'Firehose'],
  ['apigateway', 'APIGateway'], ['executeapi', 'APIGateway'],
  ['secretsmanager', 'SecretsManager'], ['ssm', 'SSM'], ['sts', 'STS'], ['kms', 'KMS'],
  ['bedrockruntime', 'BedrockRuntime'], ['bedrock', 'Bedrock'],
]);

/** Resource type an AWS service's resources get on the map. */
function awsResourceType(service: string): ResourceType {
  switch (service) {
    case 'SQS': case 'Kinesis': return 'queue';
    case 'SNS': case 'EventBridge': return 'topic';
    case 'Lambda': return 'function';
    default: return 'aws';
  }
}

/** Last segment of an SQS queue URL or an ARN (`...:topic-name`, `...:table/name`). */
export function lastSegment(s: string): string {
  const cut = Math.max(s.lastIndexOf('/'), s.startsWith('arn:') ? s.lastIndexOf(':') : -1);
  return cut >= 0 && cut < s.length - 1 ? s.slice(cut + 1) : s;
}

export function classifyRemote(s: RemoteInput): Resource | undefined {
  const a = s.attributes;
  if (s.kind === 'server') return classifySelf(s);
  const origin = strAttr(a, 'xray.origin');
  if (origin && s.kind !== 'client' && s.kind !== 'producer') {
    const self = fromXrayOrigin(origin, s);
    if (self) return self;
  }
  const rpc = strAttr(a, 'rpc.system');
  const service = rpc === 'aws-api' || strAttr(a, 'xray.namespace') === 'aws'
    ? awsServiceOf(strAttr(a, 'rpc.service', 'aws.service') ?? s.name?.split('.')[0]) // SDK span names: `Service.Operation`
    : undefined;
  if (service) return awsResource(service, a);
  const db = strAttr(a, 'db.system.name', 'db.system');
  if (db) {
    if (db === 'dynamodb') return awsResource('DynamoDB', a);
    const name = strAttr(a, 'db.namespace', 'db.name', 'server.address', 'net.peer.name') ?? db;
    return makeResource('database', name, db);
  }
  const messaging = strAttr(a, 'messaging.system');
  if (messaging) return messagingResource(messaging, a);
  if (s.kind === 'internal') return undefined; // local work: only explicit rpc/db/messaging makes it a call
  // A named peer service (Zipkin remoteEndpoint, OTel peer.service) says more than the host it listens on.
  const peer = s.peerService ?? strAttr(a, 'peer.service');
  if (peer) return makeResource('service', peer);
  const http = httpHost(a);
  if (http) {
    const aws = awsServiceOfHost(http);
    if (aws === 'APIGateway') return makeResource('aws', http, aws);
    return aws ? awsResource(aws, a) : makeResource('http', http);
  }
  return undefined;
}

/** A server span is the resource it runs in: a Lambda function, an API Gateway stage, an inferred AWS resource. */
function classifySelf(s: RemoteInput): Resource | undefined {
  const a = s.attributes;
  const origin = strAttr(a, 'xray.origin');
  if (origin) {
    const r = fromXrayOrigin(origin, s);
    if (r) return r;
  }
  const fn = functionNameFromAttributes(a, s.resourceAttributes);
  if (fn) return makeResource('function', fn, 'Lambda');
  if (strAttr(s.resourceAttributes, 'cloud.platform') === 'aws_api_gateway') {
    return makeResource('aws', strAttr(s.resourceAttributes, 'service.name') ?? httpHost(a) ?? s.name ?? 'APIGateway', 'APIGateway');
  }
  if (strAttr(a, 'faas.trigger') === 'http' || strAttr(s.resourceAttributes, 'faas.trigger') === 'http') {
    return makeResource('aws', httpHost(a) ?? s.name ?? 'APIGateway', 'APIGateway');
  }
  return undefined;
}

function fromXrayOrigin(origin: string, s: RemoteInput): Resource | undefined {
  const name = s.name ?? origin;
  switch (origin) {
    case 'AWS::Lambda::Function':
    case 'AWS::Lambda':
      return makeResource('function', strAttr(s.attributes, 'faas.name') ?? name, 'Lambda');
    case 'AWS::ApiGateway::Stage':
      return makeResource('aws', name, 'APIGateway');
    case 'AWS::DynamoDB::Table': return makeResource('aws', name, 'DynamoDB');
    case 'AWS::SQS::Queue': return makeResource('queue', name, 'SQS');
    case 'AWS::SNS::Topic': return makeResource('topic', name, 'SNS');
    case 'AWS::S3::Bucket': return makeResource('aws', name, 'S3');
    case 'AWS::StepFunctions::StateMachine': return makeResource('aws', name, 'StepFunctions');
    case 'AWS::Events::EventBus': case 'AWS::Events': return makeResource('topic', name, 'EventBridge');
    default: {
      if (!origin.startsWith('AWS::')) return undefined;
      const svc = awsServiceOf(origin.split('::')[1]);
      return svc && (s.kind === 'server' || s.kind === 'consumer') ? makeResource(awsResourceType(svc), name, svc) : undefined;
    }
  }
}

function awsResource(service: string, a: Attributes): Resource {
  const type = awsResourceType(service);
  let name: string | undefined;
  switch (service) {
    case 'DynamoDB': name = strAttr(a, 'aws.dynamodb.table_names', 'aws.table_name', 'db.namespace', 'db.name'); break;
    case 'SQS': {
      const url = strAttr(a, 'aws.sqs.queue.url', 'aws.queue_url', 'messaging.url');
      name = url ? lastSegment(url) : strAttr(a, 'aws.sqs.queue.name', 'messaging.destination.name', 'messaging.destination');
      break;
    }
    case 'SNS': {
      const arn = strAttr(a, 'aws.sns.topic.arn', 'aws.topic_arn', 'messaging.destination.name', 'messaging.destination');
      name = arn ? lastSegment(arn) : undefined;
      break;
    }
    case 'S3': name = strAttr(a, 'aws.s3.bucket', 'aws.bucket_name'); break;
    case 'Lambda': {
      const fn = strAttr(a, 'aws.lambda.function.name', 'faas.invoked_name', 'aws.function_name');
      name = fn && fn.startsWith('arn:') ? functionNameFromArn(fn) ?? fn : fn;
      break;
    }
    case 'StepFunctions': {
      const arn = strAttr(a, 'aws.step_functions.state_machine.arn', 'aws.state_machine_arn');
      name = arn ? lastSegment(arn) : undefined;
      break;
    }
    case 'EventBridge': name = strAttr(a, 'aws.eventbridge.event_bus.name', 'aws.event_bus_name'); break;
    case 'Kinesis': name = strAttr(a, 'aws.kinesis.stream.name', 'aws.kinesis.stream_name', 'aws.stream_name'); break;
  }
  // X-Ray SDKs list what the call touched in `aws.resource_names`.
  return makeResource(type, name ?? strAttr(a, 'xray.aws.resource_names') ?? service, service);
}

function messagingResource(system: string, a: Attributes): Resource {
  // Semantic conventions say `aws_sqs`; instrumentations also write `aws.sqs`, `AmazonSQS`.
  switch (system) {
    case 'aws_sqs': case 'aws.sqs': case 'AmazonSQS': return awsResource('SQS', a);
    case 'aws_sns': case 'aws.sns': case 'AmazonSNS': return awsResource('SNS', a);
    case 'aws_eventbridge': case 'aws.eventbridge': return awsResource('EventBridge', a);
    case 'aws_kinesis': case 'aws.kinesis': return awsResource('Kinesis', a);
  }
  const name = strAttr(a, 'messaging.destination.name', 'messaging.destination') ?? system;
  return makeResource('queue', name, system);
}

/** Host of an outgoing HTTP call, lower-cased, without port or credentials. */
export function httpHost(a: Attributes): string | undefined {
  const direct = strAttr(a, 'server.address', 'http.host', 'net.peer.name');
  if (direct) return stripPort(direct.toLowerCase());
  const url = strAttr(a, 'url.full', 'http.url');
  if (!url) return undefined;
  const start = url.indexOf('://');
  if (start < 0) return undefined;
  let end = url.length;
  for (const c of ['/', '?', '#']) {
    const i = url.indexOf(c, start + 3);
    if (i >= 0 && i < end) end = i;
  }
  const authority = url.slice(start + 3, end);
  const host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  return host ? stripPort(host) : undefined;
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1) || host; // IPv6 literal
  const i = host.lastIndexOf(':');
  return i > 0 && host.indexOf(':') === i ? host.slice(0, i) : host;
}

/** `dynamodb.us-east-1.amazonaws.com` -> 'DynamoDB'; `abc.execute-api.eu-west-1.amazonaws.com` -> 'APIGateway'. */
export function awsServiceOfHost(host: string): string | undefined {
  if (!host.endsWith('.amazonaws.com') && !host.endsWith('.amazonaws.com.cn')) return undefined;
  const labels = host.split('.');
  if (labels.includes('execute-api')) return 'APIGateway';
  if (labels.includes('s3') || labels.some((l) => l.startsWith('s3-'))) return 'S3';
  return awsServiceOf(labels[0]);
}
