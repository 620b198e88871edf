// Spans as CloudWatch Transaction Search stores them in the `aws/spans` log group: one OTel span per event.
import type { AttrValue } from '../model';
import { nanos, nodeStack, pythonTraceback } from './format';
import { ACCOUNT_ID, API, FUNCTION_CONFIG, REGION } from './scenario';
import type { SimInvocation, SimSpan, SimTrace } from './simTypes';

type Json = Record<string, AttrValue>;

const SCOPES = {
  nodejs: {
    server: { name: '@opentelemetry/instrumentation-aws-lambda', version: '0.50.3' },
    aws: { name: '@opentelemetry/instrumentation-aws-sdk', version: '0.49.1' },
    http: { name: '@opentelemetry/instrumentation-undici', version: '0.10.1' },
    sdkVersion: '1.30.1',
  },
  python: {
    server: { name: 'opentelemetry.instrumentation.aws_lambda', version: '0.50b0' },
    aws: { name: 'opentelemetry.instrumentation.botocore', version: '0.50b0' },
    http: { name: 'opentelemetry.instrumentation.urllib3', version: '0.50b0' },
    sdkVersion: '1.29.0',
  },
} as const;

/** Resource blocks repeat on every span of an environment: serialised once (big datasets spend their time here). */
const resourceCache = new Map<string, string>();

/** One JSON text per span of the trace (no trailing newline). */
export function traceSpanLines(tr: SimTrace): string[] {
  const invBySpan = new Map<string, SimInvocation>();
  for (const inv of tr.invocations) invBySpan.set(inv.serverSpanId, inv);
  return tr.spans.map((sp) => spanJson(tr, sp, sp.invocation ?? invBySpan.get(sp.parentId ?? '')));
}

function resourceAndScope(sp: SimSpan, inv: SimInvocation | undefined): string {
  if (sp.owner === 'apigw' || !inv) {
    return cached('apigw', () => JSON.stringify({ resource: { attributes: {
      'cloud.provider': 'aws', 'cloud.platform': 'aws_api_gateway', 'cloud.region': REGION, 'cloud.account.id': ACCOUNT_ID,
      'service.name': `${API.name}/${API.stage}`,
      'cloud.resource_id': `arn:aws:apigateway:${REGION}::/restapis/${API.restApiId}/stages/${API.stage}`,
    } } }).slice(0, -1));
  }
  const cfg = FUNCTION_CONFIG[inv.fn];
  const scopes = SCOPES[cfg.language];
  const scope = sp.kind === 'SERVER' || sp.kind === 'CONSUMER' ? scopes.server : sp.xray.kind === 'http' ? scopes.http : scopes.aws;
  return cached(`${inv.logStream}|${scope.name}`, () => JSON.stringify({
    resource: { attributes: {
      'cloud.provider': 'aws', 'cloud.platform': 'aws_lambda', 'cloud.region': REGION, 'cloud.account.id': ACCOUNT_ID,
      'faas.name': inv.fn, 'faas.version': '$LATEST', 'faas.instance': inv.logStream, 'faas.max_memory': cfg.memoryMb * 1048576,
      'host.arch': cfg.architecture === 'arm64' ? 'arm64' : 'amd64',
      'service.name': inv.fn, 'telemetry.sdk.language': cfg.language, 'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': scopes.sdkVersion, 'aws.log.group.names': [`/aws/lambda/${inv.fn}`],
    } },
    scope,
  }).slice(0, -1));
}

function cached(key: string, make: () => string): string {
  let v = resourceCache.get(key);
  if (v === undefined) {
    if (resourceCache.size > 4096) resourceCache.clear();
    v = make();
    resourceCache.set(key, v);
  }
  return v;
}

function spanJson(tr: SimTrace, sp: SimSpan, inv: SimInvocation | undefined): string {
  const out: Json = {};
  out.traceId = tr.traceId;
  out.spanId = sp.spanId;
  if (sp.parentId) out.parentSpanId = sp.parentId;
  out.flags = 256;
  out.name = sp.name;
  out.kind = sp.kind;
  out.startTimeUnixNano = nanos(sp.start);
  out.endTimeUnixNano = nanos(sp.end);
  out.durationNano = (Math.round(sp.end * 1000) - Math.round(sp.start * 1000)) * 1000;
  out.attributes = sp.attributes;
  if (sp.error) {
    const python = inv !== undefined && FUNCTION_CONFIG[inv.fn].language === 'python';
    out.events = [{
      timeUnixNano: nanos(sp.end), name: 'exception',
      attributes: {
        'exception.type': sp.error.type, 'exception.message': sp.error.message,
        'exception.stacktrace': python ? pythonTraceback(sp.error) : nodeStack(sp.error).join('\n'),
      },
    }];
  }
  if (sp.linkTo) out.links = [{ traceId: tr.traceId, spanId: sp.linkTo, attributes: {} }];
  out.status = sp.status === 'ERROR' && sp.statusMessage ? { code: 'ERROR', message: sp.statusMessage } : { code: sp.status };
  // `{"resource":...,"scope":...` + `,"traceId":...}`: same bytes as one JSON.stringify of the whole span.
  return `${resourceAndScope(sp, inv)},${JSON.stringify(out).slice(1)}`;
}
