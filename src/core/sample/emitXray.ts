// X-Ray segment documents as `aws xray batch-get-traces` returns them (Document is a JSON string).
import type { AttrValue } from '../model';
import { deriveId, xrayStack } from './format';
import { ACCOUNT_ID, API, REGION, functionArn } from './scenario';
import type { SimError, SimInvocation, SimSpan, SimTrace } from './simTypes';

type Json = Record<string, AttrValue>;

const sec = (ms: number): number => Math.round(ms * 1000) / 1e6;

/** The `Traces[]` entry of one trace. */
export function xrayTrace(tr: SimTrace): { json: Json; segments: number; subsegments: number } {
  const counts = { subsegments: 0 };
  const docs: Json[] = [];
  const children = new Map<string, SimSpan[]>();
  for (const sp of tr.spans) {
    if (!sp.parentId) continue;
    const list = children.get(sp.parentId) ?? [];
    list.push(sp);
    children.set(sp.parentId, list);
  }
  const gw = tr.spans.find((s) => s.owner === 'apigw')!;
  const orders = tr.invocations.find((i) => i.fn === 'shop-orders-api')!;
  const invokeSubId = deriveId(gw.spanId, 'Lambda');
  docs.push(apiGatewaySegment(tr, gw, orders, invokeSubId));
  counts.subsegments++;
  for (const inv of tr.invocations) {
    const srv = tr.spans.find((s) => s.spanId === inv.serverSpanId)!;
    const parent = inv.fn === 'shop-orders-api' ? invokeSubId : inv.triggerSpanId;
    docs.push(lambdaSegment(tr, inv, parent));
    docs.push(functionSegment(tr, inv, srv, children.get(srv.spanId) ?? [], counts));
  }
  const segments = docs.map((d) => ({ Id: d.id as string, Document: JSON.stringify(d) }));
  const json: Json = {
    Id: tr.xrayTraceId, Duration: Math.round(tr.end - tr.start) / 1000, LimitExceeded: false, Segments: segments,
  };
  return { json, segments: docs.length, subsegments: counts.subsegments };
}

function apiGatewaySegment(tr: SimTrace, gw: SimSpan, orders: SimInvocation, invokeSubId: string): Json {
  const status = gw.httpStatus ?? 200;
  const doc: Json = {
    id: gw.spanId, name: gw.name, start_time: sec(gw.start), trace_id: tr.xrayTraceId, end_time: sec(gw.end),
    http: {
      request: { url: gw.attributes['url.full'], method: gw.attributes['http.request.method'], client_ip: '198.51.100.23', x_forwarded_for: true },
      response: { status, content_length: 0 },
    },
    aws: { api_gateway: { account_id: ACCOUNT_ID, rest_api_id: API.restApiId, stage: API.stage, request_id: deriveId(gw.spanId, 'apigw-request') } },
    annotations: {}, metadata: {},
    origin: 'AWS::ApiGateway::Stage',
    resource_arn: `arn:aws:apigateway:${REGION}::/restapis/${API.restApiId}/stages/${API.stage}`,
    subsegments: [{
      id: invokeSubId, name: 'Lambda', start_time: sec((orders.initStart ?? orders.start) - 1), end_time: sec(orders.end + 1),
      http: { response: { status: 200, content_length: 0 } },
      aws: { function_name: orders.fn, region: REGION, operation: 'Invoke', resource_names: [orders.fn] },
      namespace: 'aws',
    }],
  };
  flags(doc, status);
  return doc;
}

/** The segment Lambda itself records for the invocation. */
function lambdaSegment(tr: SimTrace, inv: SimInvocation, parentId: string): Json {
  const doc: Json = {
    id: inv.lambdaSegmentId, name: inv.fn, start_time: sec(inv.initStart ?? inv.start), trace_id: tr.xrayTraceId,
    end_time: sec(inv.end + 0.5), parent_id: parentId,
    http: { response: { status: 200 } },
    aws: { request_id: inv.requestId },
    origin: 'AWS::Lambda', resource_arn: functionArn(inv.fn),
  };
  if (inv.status === 'timeout' || inv.status === 'crash') doc.fault = true;
  return doc;
}

/** The function's own segment: Initialization / Invocation / Overhead, calls nested in Invocation. */
function functionSegment(tr: SimTrace, inv: SimInvocation, srv: SimSpan, calls: SimSpan[], counts: { subsegments: number }): Json {
  const arn = functionArn(inv.fn);
  const subsegments: Json[] = [];
  if (inv.initStart !== undefined) {
    subsegments.push({ id: deriveId(srv.spanId, 'Initialization'), name: 'Initialization', start_time: sec(inv.initStart), end_time: sec(inv.start), aws: { function_arn: arn } });
  }
  const invocation: Json = {
    id: deriveId(srv.spanId, 'Invocation'), name: 'Invocation', start_time: sec(inv.start), end_time: sec(inv.end),
    aws: { function_arn: arn },
  };
  if (calls.length) invocation.subsegments = calls.map((c) => callSubsegment(c));
  if (inv.status !== 'ok') {
    invocation.fault = true;
    invocation.cause = cause(srv.error ?? { type: inv.errorType ?? 'Error', message: inv.errorMessage ?? '', frames: [] }, srv.spanId);
  }
  subsegments.push(invocation);
  if (inv.status !== 'timeout' && inv.status !== 'crash') {
    subsegments.push({ id: deriveId(srv.spanId, 'Overhead'), name: 'Overhead', start_time: sec(inv.end), end_time: sec(inv.end + 0.4), aws: { function_arn: arn } });
  }
  counts.subsegments += subsegments.length + calls.length;
  const doc: Json = {
    id: srv.spanId, name: inv.fn, start_time: sec(inv.initStart ?? inv.start), trace_id: tr.xrayTraceId,
    end_time: sec(inv.end + 0.4), parent_id: inv.lambdaSegmentId,
    aws: { account_id: ACCOUNT_ID, function_arn: arn, resource_names: [inv.fn] },
    origin: 'AWS::Lambda::Function', subsegments,
  };
  if (srv.attributes['code.filepath'] !== undefined) doc.metadata = { default: codeAttributes(srv) };
  if (inv.status !== 'ok') {
    doc.fault = true;
    doc.cause = invocation.cause;
  }
  return doc;
}

function callSubsegment(sp: SimSpan): Json {
  const sh = sp.xray;
  const doc: Json = { id: sp.spanId, name: '', start_time: sec(sp.start) };
  if (sp.status === 'ERROR' && sp.statusMessage === 'Task timed out') {
    doc.in_progress = true; // the call never returned: the function was stopped first
  } else {
    doc.end_time = sec(sp.end);
  }
  if (sh.kind === 'http') {
    doc.name = sh.host;
    doc.namespace = 'remote';
    doc.http = { request: { url: sh.url, method: sh.method }, ...(sp.httpStatus ? { response: { status: sp.httpStatus, content_length: 0 } } : {}) };
  } else if (sh.kind === 'aws') {
    doc.name = sh.service;
    doc.namespace = 'aws';
    const aws: Json = { operation: sh.operation, region: REGION, request_id: String(sp.attributes['aws.request_id']), retries: sp.throttle ? 3 : 0 };
    if (sh.service === 'DynamoDB') aws.table_name = sh.resource;
    if (sh.service === 'SNS') aws.topic_arn = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${sh.resource}`;
    if (sh.service === 'SQS') aws.queue_url = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/${sh.resource}`;
    aws.resource_names = [sh.resource];
    doc.aws = aws;
    doc.http = { response: { status: sp.httpStatus ?? 200, content_length: 0 } };
  }
  // OTel attributes the ADOT exporter cannot index land in metadata.default: here, the calling line.
  doc.metadata = { default: codeAttributes(sp) };
  if (sp.httpStatus) flags(doc, sp.httpStatus);
  if (sp.throttle) doc.throttle = true;
  if (sp.error) doc.cause = cause(sp.error, sp.spanId, sh.kind === 'aws');
  return doc;
}

function flags(doc: Json, status: number): void {
  if (status === 429) doc.throttle = true;
  if (status >= 400 && status < 500) doc.error = true;
  if (status >= 500) doc.fault = true;
}

function cause(err: SimError, idSeed: string, remote = false): Json {
  const ex: Json = { id: deriveId(idSeed, 'exception'), message: err.message, type: err.type };
  if (remote) ex.remote = true;
  const stack = xrayStack(err);
  if (stack.length) ex.stack = stack;
  return { working_directory: '/var/task', exceptions: [ex] };
}

function codeAttributes(sp: SimSpan): Json {
  return { 'code.filepath': sp.attributes['code.filepath'], 'code.lineno': sp.attributes['code.lineno'], 'code.function': sp.attributes['code.function'] };
}
