#!/usr/bin/env node
// Runs the sample's handlers' flow locally with the real OpenTelemetry SDK, exporting to the Trace Explorer's local
// receiver (Start Local Receiver in VS Code, or `trace-explorer receive`). The AWS calls a handler makes (DynamoDB,
// SNS, SQS, the identity provider) are not made: there is no AWS here; their spans are recorded as the instrumented
// clients would, with the time a local call takes. Each span names the handler line it stands for (code.* attributes),
// so a click on it in the Trace Explorer opens that line.
//
//   node samples/app/local/run-local.js [invocations=5]
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 (default)
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { context, trace, SpanKind, SpanStatusCode } = require('@opentelemetry/api');
const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const endpoint = (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || 'http://127.0.0.1:4318').replace(/\/$/, '');
const count = Number(process.argv[2] || 5);
const src = path.resolve(__dirname, '..', 'src');

/** The line of the first match in a handler file, so spans point at the code as it is now. */
function lineOf(file, pattern) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => pattern.test(l));
  return i >= 0 ? i + 1 : 1;
}

const ORDERS = path.join(src, 'orders', 'handler.js');
const BILLING = path.join(src, 'billing', 'handler.ts');
const code = (file, fn, pattern) => ({ 'code.file.path': file, 'code.line.number': lineOf(file, pattern), 'code.function.name': fn });

function provider(fn) {
  const resource = resourceFromAttributes({ 'service.name': fn, 'faas.name': fn, 'cloud.provider': 'aws', 'cloud.region': 'local', 'deployment.environment': 'local' });
  const tracing = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }), { scheduledDelayMillis: 200 })] });
  const logging = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${endpoint}/v1/logs` }), scheduledDelayMillis: 200 })] });
  return { tracing, tracer: tracing.getTracer('shop-sample-local'), logging, logger: logging.getLogger('shop-sample-local') };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A child span around `work`, under `parent`, with the given attributes; errors mark it. */
async function step(tracer, parent, name, kind, attributes, work) {
  const span = tracer.startSpan(name, { kind, attributes }, trace.setSpan(context.active(), parent));
  try {
    return await work(span);
  } catch (e) {
    span.recordException(e);
    span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
    throw e;
  } finally {
    span.end();
  }
}

async function ordersInvocation(o, billing, i) {
  const requestId = randomUUID();
  const root = o.tracer.startSpan('POST /orders', { kind: SpanKind.SERVER, attributes: {
    'faas.invocation_id': requestId, 'faas.trigger': 'http', 'http.request.method': 'POST', 'url.path': '/orders', ...code(ORDERS, 'handler', /^exports\.handler/),
  } });
  const log = (severityText, body) => o.logger.emit({ severityText, body, attributes: { 'faas.invocation_id': requestId }, context: trace.setSpan(context.active(), root) });
  log('INFO', `creating order ${i}`);
  let status = 201;
  try {
    await step(o.tracer, root, 'checkAuth', SpanKind.INTERNAL, code(ORDERS, 'checkAuth', /^async function checkAuth/), async (span) => {
      await step(o.tracer, span, 'POST idp.example.com/oauth2/introspect', SpanKind.CLIENT, { 'http.request.method': 'POST', 'server.address': 'idp.example.com', 'http.response.status_code': i % 5 === 4 ? 401 : 200 }, () => sleep(8));
      if (i % 5 === 4) { const e = new Error('Expired token'); e.name = 'UnauthorizedError'; throw e; }
    });
    await step(o.tracer, root, 'createOrder', SpanKind.INTERNAL, code(ORDERS, 'createOrder', /^async function createOrder/), async (span) => {
      await step(o.tracer, span, 'DynamoDB.PutItem', SpanKind.CLIENT, { 'rpc.system': 'aws-api', 'rpc.service': 'DynamoDB', 'rpc.method': 'PutItem', 'aws.dynamodb.table_names': ['orders'] }, () => sleep(12));
      await step(o.tracer, span, 'SNS.Publish', SpanKind.PRODUCER, { 'rpc.system': 'aws-api', 'rpc.service': 'SNS', 'rpc.method': 'Publish', 'messaging.destination.name': 'order-events' }, () => sleep(6));
      await step(o.tracer, span, 'SQS.SendMessage', SpanKind.PRODUCER, { 'rpc.system': 'aws-api', 'rpc.service': 'SQS', 'rpc.method': 'SendMessage', 'messaging.destination.name': 'billing' }, async (send) => {
        await sleep(5);
        await billingInvocation(billing, send.spanContext(), i);
      });
    });
    log('INFO', `order ${i} created`);
  } catch (e) {
    status = e.name === 'UnauthorizedError' ? 401 : 500;
    log('ERROR', `order ${i} failed: ${e.message}`);
    root.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
  }
  root.setAttribute('http.response.status_code', status);
  root.end();
}

async function billingInvocation(b, link, i) {
  const requestId = randomUUID();
  const root = b.tracer.startSpan('billing process', { kind: SpanKind.CONSUMER, links: [{ context: link }], attributes: {
    'faas.invocation_id': requestId, 'faas.trigger': 'pubsub', 'messaging.system': 'aws_sqs', ...code(BILLING, 'handler', /^export const handler/),
  } });
  await step(b.tracer, root, 'charge', SpanKind.INTERNAL, code(BILLING, 'charge', /^async function charge/), () => sleep(15 + (i % 3) * 10));
  await step(b.tracer, root, 'markPaid', SpanKind.INTERNAL, code(BILLING, 'markPaid', /^async function markPaid/), async (span) => {
    await step(b.tracer, span, 'DynamoDB.UpdateItem', SpanKind.CLIENT, { 'rpc.system': 'aws-api', 'rpc.service': 'DynamoDB', 'rpc.method': 'UpdateItem' }, () => sleep(9));
  });
  root.end();
}

async function main() {
  const orders = provider('shop-orders-api');
  const billing = provider('shop-billing');
  for (let i = 0; i < count; i++) await ordersInvocation(orders, billing, i);
  for (const p of [orders, billing]) {
    await p.tracing.forceFlush();
    await p.logging.forceFlush();
    await p.tracing.shutdown();
    await p.logging.shutdown();
  }
  process.stdout.write(`sent ${count} orders invocations to ${endpoint}\n`);
}

main().catch((e) => { process.stderr.write(`${e.stack || e}\n`); process.exitCode = 1; });
