// Which graph node a span runs in (its owner) and which node it calls (its target).
import type { Resource, Span } from '../model';
import { awsServiceOf, lastSegment, makeResource } from '../resource';
import { strAttr } from '../readers/attrs';

export const CLIENT: Resource = makeResource('client', 'client');

/**
 * The node a span executes in: its Lambda function, the resource a server span is (API Gateway stage...),
 * else the parent's node when the same service recorded both, else the service itself.
 */
export function ownerOf(s: Span, parent: Span | undefined, parentOwner: Resource | undefined): Resource {
  if (s.functionName) return makeResource('function', s.functionName, 'Lambda');
  if (s.kind === 'server' || (!parent && s.kind !== 'client' && s.kind !== 'producer')) {
    if (s.kind === 'server' && s.remote) return normalize(s.remote);
    const gw = apiGatewayOf(s);
    if (gw) return gw;
  }
  if (parent && parentOwner && parent.service === s.service) return parentOwner;
  return makeResource('service', s.service, undefined);
}

/** API Gateway spans written by OTel-style exporters carry `aws.api_gateway.*` but no X-Ray origin. */
function apiGatewayOf(s: Span): Resource | undefined {
  if (strAttr(s.attributes, 'aws.api_gateway.rest_api_id', 'aws.api_gateway.api_id', 'aws.api_gateway.stage') === undefined) return undefined;
  return makeResource('aws', s.name, 'APIGateway');
}

export function isOutgoing(s: Span): boolean {
  return s.kind === 'client' || s.kind === 'producer';
}

/** The resource a client/producer span calls, normalised so producer and consumer sides name it alike. */
export function targetOf(s: Span): Resource | undefined {
  return s.remote ? normalize(s.remote) : undefined;
}

/** True when the call is handed to an intermediary (topic, queue, bus) that delivers it later. */
export function isAsyncHop(s: Span, target: Resource | undefined): boolean {
  return s.kind === 'producer' || target?.type === 'topic' || target?.type === 'queue';
}

const MESSAGING_TYPES: Record<string, 'topic' | 'queue'> = { SNS: 'topic', EventBridge: 'topic', SQS: 'queue', Kinesis: 'queue' };

/**
 * Messaging systems are spelled differently on each side (`aws.sns`, `aws_sqs`, `AmazonSNS`...):
 * map them to the AWS service and type the producer side uses, and ARNs to their last segment.
 */
export function normalize(r: Resource): Resource {
  if (r.type !== 'queue' && r.type !== 'topic') return r;
  const svc = r.service ? awsServiceOf(r.service) : undefined;
  const type = svc ? MESSAGING_TYPES[svc] : undefined;
  const name = r.name.startsWith('arn:') || r.name.startsWith('https://') ? lastSegment(r.name) : r.name;
  if (!type || !svc) return name === r.name ? r : makeResource(r.type, name, r.service);
  if (type === r.type && svc === r.service && name === r.name) return r;
  return makeResource(type, name, svc);
}
