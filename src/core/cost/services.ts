// Labelled estimates of what the managed services a trace touches charge per request, from the spans.
// Reported apart from Lambda compute: the units (item sizes, message chunks, state transitions) are guessed.
import type { Span, Trace } from '../model';
import { strAttr } from '../readers/attrs';
import type { ServicePrices } from './prices';

export interface ServiceCharge {
  service: 'APIGateway' | 'SQS' | 'SNS' | 'DynamoDB' | 'StepFunctions';
  /** e.g. `REST request`, `HTTP API request`, `SendMessage`, `PutItem (write unit)`. */
  item: string;
  count: number;
  unitUsd: number;
  usd: number;
}

export interface ServicesEstimate {
  usd: number;
  charges: ServiceCharge[];
  estimate: true;
}

const DYNAMO_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const DYNAMO_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const DYNAMO_TRANSACT = new Set(['TransactGetItems', 'TransactWriteItems']);

/**
 * One charge per span: an API Gateway stage's server span = one request (REST unless the resource is an
 * HTTP API); an SQS / SNS call = one request / publish (deliveries to Lambda and SQS are free; Lambda's own
 * queue polling is not traced and not counted); a DynamoDB read = 1 RRU, write = 1 WRU, transactional = 2
 * (items assumed within 4 KB / 1 KB); a span recorded inside a Step Functions state machine = one transition.
 */
export function servicesEstimate(trace: Trace, p: ServicePrices): ServicesEstimate {
  // Keyed by service then item, without a composite string per span: this walks every span of a 1M-span trace.
  const byKey = new Map<string, Map<string, ServiceCharge>>();
  const add = (service: ServiceCharge['service'], item: string, unitUsd: number, count = 1) => {
    let items = byKey.get(service);
    if (!items) byKey.set(service, (items = new Map()));
    let c = items.get(item);
    if (!c) items.set(item, (c = { service, item, count: 0, unitUsd, usd: 0 }));
    c.count += count;
    c.usd += unitUsd * count;
  };
  const stateMachineSpans = new Set<string>();
  for (const n of trace.nodes) {
    const s = n.span;
    const svc = s.remote?.service;
    if (svc === 'StepFunctions' && (s.kind === 'server' || s.kind === 'consumer')) stateMachineSpans.add(s.spanId);
    if (stateMachineSpans.size > 0 && s.parentSpanId && stateMachineSpans.has(s.parentSpanId)) add('StepFunctions', 'state transition', p.stepFunctionsTransitionUsd);
    if (svc === 'APIGateway' && s.kind === 'server') {
      if (isHttpApi(s)) add('APIGateway', 'HTTP API request', p.apiGatewayHttpRequestUsd);
      else add('APIGateway', 'REST API request', p.apiGatewayRestRequestUsd);
      continue;
    }
    if ((s.kind !== 'client' && s.kind !== 'producer') || (svc !== 'SQS' && svc !== 'SNS' && svc !== 'DynamoDB')) continue;
    const op = operationOf(s);
    if (svc === 'SQS') add('SQS', op, p.sqsRequestUsd);
    else if (svc === 'SNS') add('SNS', op, p.snsPublishUsd);
    else {
      const units = DYNAMO_TRANSACT.has(op) ? 2 : 1;
      if (DYNAMO_READS.has(op) || op === 'TransactGetItems') add('DynamoDB', dynamoLabel(op, 'read'), p.dynamoDbReadUnitUsd, units);
      else if (DYNAMO_WRITES.has(op) || op === 'TransactWriteItems') add('DynamoDB', dynamoLabel(op, 'write'), p.dynamoDbWriteUnitUsd, units);
    }
  }
  const charges = [...byKey.values()].flatMap((m) => [...m.values()]).sort((a, b) => b.usd - a.usd || a.service.localeCompare(b.service));
  return { usd: charges.reduce((a, c) => a + c.usd, 0), charges, estimate: true };
}

const dynamoLabels = { read: new Map<string, string>(), write: new Map<string, string>() };
/** `GetItem (read units)`: one string per operation, not one per span. */
function dynamoLabel(op: string, unit: 'read' | 'write'): string {
  const labels = dynamoLabels[unit];
  let label = labels.get(op);
  if (label === undefined) {
    label = `${op} (${unit} units)`;
    if (labels.size < 1000) labels.set(op, label);
  }
  return label;
}

function operationOf(s: Span): string {
  const m = strAttr(s.attributes, 'rpc.method', 'xray.aws.operation', 'aws.operation', 'db.operation');
  if (m) return m;
  const dot = s.name.lastIndexOf('.');
  return dot >= 0 ? s.name.slice(dot + 1) : s.name;
}

/** HTTP APIs are `.../apis/<id>` in ARNs; REST APIs `.../restapis/<id>` (and only REST stages write X-Ray segments). */
function isHttpApi(s: Span): boolean {
  const id = strAttr(s.resourceAttributes, 'cloud.resource_id') ?? strAttr(s.attributes, 'cloud.resource_id', 'aws.api_gateway.arn');
  return id !== undefined && /:\/apis\//.test(id);
}
