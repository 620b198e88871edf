import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';


export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => { out += t + '\n'; }, err: (t) => { err += t + '\n'; } });
  return { code, out, err };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** What the fixture files hold, computed straight from their JSON, independently of the readers. */
function expectedFromFixtures(): { records: number; distinct: number; traces: number; services: number; tracesFromLogs: number } {
  const distinct = new Set<string>();
  const reportTraces = new Set<string>();
  const traces = new Set<string>();
  const services = new Set<string>();
  let records = 0;
  const hex = (id: string) => id.toLowerCase().padStart(32, '0');
  for (const f of files(FIXTURES).filter((f) => !f.endsWith('.md'))) {
    const text = readFileSync(f, 'utf8');
    if (f.includes('/zipkin/')) {
      const spans = JSON.parse(text) as { traceId: string; id: string; kind?: string; shared?: boolean; timestamp?: number; localEndpoint?: { serviceName?: string }; remoteEndpoint?: { serviceName?: string } }[];
      const sharedIds = new Set(spans.filter((s) => s.shared).map((s) => s.id));
      for (const s of spans) {
        records++;
        traces.add(hex(s.traceId));
        // Records without a timestamp are fragments of another record; shared server halves are one span per host report.
        if (s.timestamp !== undefined) {
          const half = s.shared ? `/shared@${s.timestamp}` : s.kind === 'CLIENT' && sharedIds.has(s.id) ? '/client' : '';
          distinct.add(`${hex(s.traceId)}/${s.id}${half}`);
        }
        if (s.localEndpoint?.serviceName) services.add(s.localEndpoint.serviceName);
      }
    } else if (f.includes('/jaeger/')) {
      const doc = JSON.parse(text);
      const data = Array.isArray(doc.data) ? doc.data : [doc.data];
      for (const t of data) {
        for (const s of t.spans) { records++; traces.add(hex(s.traceID)); distinct.add(`${hex(s.traceID)}/${s.spanID}`); }
        for (const p of Object.values(t.processes) as { serviceName: string }[]) services.add(p.serviceName);
      }
    } else if (f.includes('/otlp/')) {
      const doc = JSON.parse(text);
      for (const rs of doc.resourceSpans) {
        const svc = rs.resource.attributes.find((a: { key: string }) => a.key === 'service.name')?.value.stringValue;
        if (svc) services.add(svc);
        for (const ss of rs.scopeSpans) for (const s of ss.spans) {
          records++; traces.add(hex(s.traceId)); distinct.add(`${hex(s.traceId)}/${s.spanId.toLowerCase()}`);
        }
      }
    } else if (f.includes('/cloudwatch/')) {
      // A REPORT's X-Ray trace id: a trace of its own (made from the logs) when no span file has it.
      for (const m of text.matchAll(/XRAY TraceId: 1-([0-9a-f]{8})-([0-9a-f]{24})/g)) reportTraces.add(m[1] + m[2]);
    } else if (f.includes('/xray/')) {
      const doc = JSON.parse(text.slice(text.indexOf('\n') + 1));
      records++; traces.add(doc.trace_id.replace(/^1-|-/g, '')); distinct.add(doc.id); services.add(doc.name);
    }
  }
  const fromLogs = [...reportTraces].filter((t) => !traces.has(t)).length;
  return { records, distinct: distinct.size, traces: traces.size + fromLogs, services: services.size, tracesFromLogs: fromLogs };
}

describe('trace-explorer CLI', () => {
  it('summary --json reads every fixture with zero skipped, and its counts match what the files hold', async () => {
    const { code, out, err } = await runCli(['summary', FIXTURES, '--json']);
    assert.equal(code, 0, err);
    const s = JSON.parse(out);
    assert.deepEqual(Object.keys(s).slice(0, 11), ['files', 'logEvents', 'spans', 'traces', 'invocations', 'functions', 'errors', 'coldStarts', 'timeouts', 'joinedInvocations', 'skipped']);
    assert.deepEqual(s.skipped, {});
    const want = expectedFromFixtures();
    assert.equal(s.files, 14);
    assert.equal(s.spanRecords, want.records);
    assert.equal(s.spans, want.distinct);
    assert.equal(s.traces, want.traces);
    assert.equal(s.tracesFromLogs, want.tracesFromLogs);
    assert.ok(want.tracesFromLogs > 0, 'the Node 12 payload has a REPORT with an X-Ray trace id and no span');
    assert.equal(s.services, want.services, "services: the recorders of spans, as trace lists them (what they call is a graph resource)");
    assert.equal(s.logEvents, 19 + 3, 'the two CloudWatch subscription payloads hold 19 + 3 events');
    assert.equal(s.invocations, 2);
    assert.equal(s.coldStarts, 1);
  });

  it('trace prints one trace as a tree, accepting the X-Ray id form', async () => {
    const { code, out } = await runCli(['trace', '1-5f2aebcc-b475d14618c51eaa28753d37', FIXTURES, '--json']);
    assert.equal(code, 0);
    const t = JSON.parse(out);
    assert.equal(t.traceId, '5f2aebccb475d14618c51eaa28753d37');
    assert.equal(t.spans[0].name, 'SampleServer');
    assert.equal(t.spanCount, 1);
    const text = await runCli(['trace', '00000000000000001e223ff1f80f1c69', path.join(FIXTURES, 'zipkin', 'skew.json')]);
    assert.equal(text.code, 0);
    assert.match(text.out, /clock-skew/);
  });

  it('exits 2 on usage errors and 1 when input is partly unreadable', async () => {
    assert.equal((await runCli(['nonsense'])).code, 2);
    assert.equal((await runCli(['summary'])).code, 2);
    assert.equal((await runCli(['trace', 'not-an-id', FIXTURES])).code, 2);
    assert.equal((await runCli(['summary', '/nonexistent/path'])).code, 2);
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '[{"traceId": "aaaaaaaaaaaaaaaa", "id": "0000000000000001", "name": "ok", "timestamp": 1600000000000000, "duration": 5},\n {"traceId": "aaaa');
    const bad = await runCli(['summary', file, '--json']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /broken\.json:2: invalid-json: /, 'each problem names the file and the line of the record cut short');
    assert.equal(JSON.parse(bad.out).spans, 1, 'what could be read is still printed');
  });
});
