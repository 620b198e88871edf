// Which graph node a span runs in (its owner) and which node it calls (its target). Resources are interned:
// one object per id, so the collector compares them by identity and allocates nothing per span.
import type { Resource, ResourceType, Span } from '../model';
import { awsServiceOf, lastSegment, makeResource } from '../resource';
import { strAttr } from '../readers/attrs';

export function isOutgoing(s: Span): boolean {
  return s.kind === 'client' || s.kind === 'producer';
}

/** True when the call is handed to an intermediary (topic, queue, bus) that delivers it later. */
export function isAsyncHop(s: Span, target: Resource | undefined): boolean {
  return s.kind === 'producer' || target?.type === 'topic' || target?.type === 'queue';
}

const MESSAGING_TYPES: Record<string, 'topic' | 'queue'> = { SNS: 'topic', EventBridge: 'topic', SQS: 'queue', Kinesis: 'queue' };

/**
 * Messaging systems are spelled differently on each side (`aws.sns`, `aws_sqs`, `AmazonSNS`...):
 * map them to the AWS service and type the producer side uses, and ARNs/URLs to their last segment.
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

export class Resolver {
  private readonly byId = new Map<string, Resource>();
  private readonly functions = new Map<string, Resource>();
  private readonly services = new Map<string, Resource>();
  private readonly gateways = new Map<string, Resource>();
  /** Raw remote id -> normalised, interned resource. */
  private readonly remotes = new Map<string, Resource>();
  readonly client: Resource = this.intern(makeResource('client', 'client'));
  /** The caller of an orphan call whose recorder is not known (an X-Ray subsegment sent on its own names its callee). */
  readonly unknownCaller: Resource = this.intern(makeResource('service', '(unknown caller)'));

  /** The one object for this id. */
  intern(r: Resource): Resource {
    const known = this.byId.get(r.id);
    if (known) return known;
    this.byId.set(r.id, r);
    return r;
  }

  make(type: ResourceType, name: string, service?: string): Resource {
    return this.intern(makeResource(type, name, service));
  }

  fn(name: string): Resource {
    let r = this.functions.get(name);
    if (!r) this.functions.set(name, (r = this.make('function', name, 'Lambda')));
    return r;
  }

  service(name: string): Resource {
    let r = this.services.get(name);
    if (!r) this.services.set(name, (r = this.make('service', name)));
    return r;
  }

  /** The resource a client/producer span calls (a consumer's: where its messages come from). */
  target(s: Span): Resource | undefined {
    const raw = s.remote;
    if (!raw) return undefined;
    let r = this.remotes.get(raw.id);
    if (!r) this.remotes.set(raw.id, (r = this.intern(normalize(raw))));
    return r;
  }

  /**
   * The node a span executes in: its Lambda function, the resource a server span is (API Gateway stage...),
   * else the parent's node when the same service recorded both, else the service itself.
   */
  owner(s: Span, parent: Span | undefined, parentOwner: Resource | undefined): Resource {
    if (s.functionName) return this.fn(s.functionName);
    if (!parent && isOutgoing(s) && s.parentSpanId && s.remote && (s.service === s.name || s.service === s.remote.name)) {
      return this.unknownCaller;
    }
    if (s.kind === 'server' || (!parent && s.kind !== 'client' && s.kind !== 'producer')) {
      if (s.kind === 'server' && s.remote) return this.target(s)!;
      const gw = this.apiGateway(s);
      if (gw) return gw;
    }
    if (parent && parentOwner && parent.service === s.service) return parentOwner;
    return this.service(s.service);
  }

  /** A server span naming its caller (OTel `peer.service`, Zipkin remoteEndpoint). */
  caller(s: Span): Resource | undefined {
    const name = strAttr(s.attributes, 'peer.service');
    return name ? this.service(name) : undefined;
  }

  /** API Gateway spans written by OTel-style exporters carry `aws.api_gateway.*` but no X-Ray origin. */
  private apiGateway(s: Span): Resource | undefined {
    if (strAttr(s.attributes, 'aws.api_gateway.rest_api_id', 'aws.api_gateway.api_id', 'aws.api_gateway.stage') === undefined) return undefined;
    let r = this.gateways.get(s.name);
    if (!r) this.gateways.set(s.name, (r = this.make('aws', s.name, 'APIGateway')));
    return r;
  }
}
