// The receiver against the real SDKs: the OpenTelemetry JS SDK's OTLP/HTTP exporters (JSON and protobuf, traces and
// logs) and aws-xray-sdk-core sending UDP. Every span arrives with its attributes, ids and parent links.
import { strict as assert } from 'assert';
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import * as AWSXRay from 'aws-xray-sdk-core';
import { startTestReceiver, TestReceiver, waitFor } from './receive.helpers';

/** Spans recorded by the SDK itself: what must arrive. */
class Recording implements SpanExporter {
  readonly spans: ReadableSpan[] = [];
  export(spans: ReadableSpan[], done: (r: { code: number }) => void): void { this.spans.push(...spans); done({ code: 0 }); }
  shutdown(): Promise<void> { return Promise.resolve(); }
}

async function runSdkTraces(exporter: SpanExporter, service: string): Promise<ReadableSpan[]> {
  const recording = new Recording();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'faas.name': `${service}-fn` }),
    spanProcessors: [new SimpleSpanProcessor(exporter), new SimpleSpanProcessor(recording)],
  });
  const tracer = provider.getTracer('receiver-test', '1.0.0');
  const root = tracer.startSpan('GET /orders', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, 'faas.invocation_id': `req-${service}` } });
  const inRoot = trace.setSpan(context.active(), root);
  const child = tracer.startSpan('DynamoDB.Query', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'dynamodb', 'aws.dynamodb.table_names': ['orders'], 'rows': 42, 'ratio': 0.5, 'cached': false } }, inRoot);
  const grandchild = tracer.startSpan('parse', { attributes: { 'code.file.path': '/var/task/src/orders.js', 'code.line.number': 12, 'api.key': 'AKIAIOSFODNN7EXAMPLE' } }, trace.setSpan(inRoot, child));
  grandchild.addEvent('parsed', { items: 3 });
  grandchild.end();
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'throttled' });
  child.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return recording.spans;
}

function assertArrived(r: TestReceiver, sent: ReadableSpan[]): void {
  const ds = r.builder.build();
  assert.equal(sent.length, 3);
  for (const s of sent) {
    const ctx = s.spanContext();
    const got = ds.traceById.get(ctx.traceId)?.nodes.find((n) => n.span.spanId === ctx.spanId)?.span;
    assert.ok(got, `span ${s.name} ${ctx.spanId} arrived`);
    assert.equal(got.name, s.name);
    assert.equal(got.parentSpanId, s.parentSpanContext?.spanId);
    assert.equal(got.origin.file.startsWith('receiver:'), true, got.origin.file);
    for (const [k, v] of Object.entries(s.attributes)) {
      if (k === 'api.key') continue; // masked: checked below
      assert.deepEqual(got.attributes[k], v, `${s.name} attribute ${k}`);
    }
    assert.equal(Math.round(got.startMs), Math.round(s.startTime[0] * 1000 + s.startTime[1] / 1e6));
  }
  const parse = ds.spans.find((s) => s.name === 'parse')!;
  assert.notEqual(parse.attributes['api.key'], 'AKIAIOSFODNN7EXAMPLE', 'secrets are masked like every other source');
  assert.deepEqual(parse.source, { file: '/var/task/src/orders.js', line: 12 });
  assert.equal(parse.events[0].name, 'parsed');
  assert.equal(ds.spans.find((s) => s.name === 'DynamoDB.Query')!.status, 'error');
  assert.equal(ds.spans.find((s) => s.name === 'GET /orders')!.requestId, `req-${sent[0].resource.attributes['service.name']}`);
}

async function runSdkLogs(exporter: LogRecordExporter, traceId: string, spanId: string): Promise<void> {
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'orders', 'faas.name': 'orders-fn' }), processors: [new SimpleLogRecordProcessor({ exporter })] });
  const spanCtx = trace.setSpanContext(context.active(), { traceId, spanId, traceFlags: 1 });
  const logger = provider.getLogger('receiver-test');
  logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'order 7 failed', attributes: { 'faas.invocation_id': 'req-logs' }, context: spanCtx });
  logger.emit({ severityNumber: SeverityNumber.INFO, body: { structured: true, n: 1 } });
  await provider.forceFlush();
  await provider.shutdown();
}

describe('receive: real SDKs', function () {
  this.timeout(30_000);
  let r: TestReceiver;
  beforeEach(async () => { r = await startTestReceiver(); });
  afterEach(async () => { await r.stop(); });

  it('OTLP/HTTP JSON exporter: every span with attributes, ids and parent links', async () => {
    const sent = await runSdkTraces(new JsonTraceExporter({ url: `${r.otlpUrl}/v1/traces` }), 'orders-json');
    assertArrived(r, sent);
    assert.equal(r.receiver.counters.spans, 3);
    assert.equal(r.receiver.counters.refusedTotal, 0);
  });

  it('OTLP/HTTP protobuf exporter: every span with attributes, ids and parent links', async () => {
    const sent = await runSdkTraces(new ProtoTraceExporter({ url: `${r.otlpUrl}/v1/traces` }), 'orders-proto');
    assertArrived(r, sent);
    assert.equal(r.receiver.counters.spans, 3);
  });

  it('OTLP/HTTP protobuf exporter with gzip compression', async () => {
    const sent = await runSdkTraces(new ProtoTraceExporter({ url: `${r.otlpUrl}/v1/traces`, compression: 'gzip' as never }), 'orders-gzip');
    assertArrived(r, sent);
  });

  for (const [name, make] of [['JSON', (url: string) => new JsonLogExporter({ url })], ['protobuf', (url: string) => new ProtoLogExporter({ url })]] as const) {
    it(`OTLP/HTTP ${name} log exporter: records with level, body, trace and span ids`, async () => {
      const traceId = '5b8efff798038103d269b633813fc60c';
      const spanId = 'eee19b7ec3c1b174';
      await runSdkLogs(make(`${r.otlpUrl}/v1/logs`), traceId, spanId);
      await waitFor(() => r.builder.counts.logs === 2, 5000, 'two log records');
      const ds = r.builder.build();
      assert.equal(ds.logEventCount, 2);
      assert.equal(r.receiver.counters.logs, 2);
      const inv = ds.invocationByRequestId.get('req-logs');
      assert.ok(inv, 'the record with faas.invocation_id makes an invocation');
      const line = inv.logs.find((l) => l.message === 'order 7 failed');
      assert.ok(line);
      assert.equal(line.level, 'ERROR');
      assert.equal(line.traceId, traceId);
      assert.equal(line.spanId, spanId);
      assert.equal(line.functionName, 'orders-fn');
    });
  }

  it('aws-xray-sdk-core over UDP: segment and subsegments with annotations and parent links', async () => {
    AWSXRay.setLogger({ error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined });
    AWSXRay.setDaemonAddress(r.xrayAddress);
    const seg = new AWSXRay.Segment('orders-xray');
    const sub = seg.addNewSubsegment('DynamoDB');
    sub.addAnnotation('table', 'orders');
    sub.addMetadata('rows', 42);
    const inner = sub.addNewSubsegment('marshal');
    inner.close();
    sub.close();
    seg.addAnnotation('customer', 'c-7');
    seg.close();
    await waitFor(() => r.builder.counts.spans >= 3, 5000, 'three X-Ray spans');
    const ds = r.builder.build();
    const traceId = seg.trace_id.replace(/^1-/, '').replace('-', '');
    const t = ds.traceById.get(traceId);
    assert.ok(t, `trace ${traceId} arrived`);
    const byName = new Map(t.nodes.map((n) => [n.span.name, n.span]));
    assert.equal(byName.get('orders-xray')?.spanId, seg.id);
    assert.equal(byName.get('DynamoDB')?.parentSpanId, seg.id);
    assert.equal(byName.get('marshal')?.parentSpanId, sub.id);
    assert.equal(byName.get('DynamoDB')?.attributes['xray.annotations.table'], 'orders');
    assert.equal(byName.get('orders-xray')?.attributes['xray.annotations.customer'], 'c-7');
    assert.equal(r.receiver.counters.datagrams >= 1, true);
    assert.equal(r.receiver.counters.refusedTotal, 0);
  });
});
