// Property: how records are spread over files and lines does not change what is read. Every fixture (third-party,
// all formats, and the bundled sample) is cut into single records, each kept in its envelope (resource, trace,
// log group), shuffled, and written back as 1-4 files of NDJSON, compact or pretty JSON arrays. Spans, traces,
// errors, services, log events and invocations must come out as from the original files.
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import { FIXTURES } from './fixturesDir';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One record per value, each inside a copy of its envelope, so that it reads the same on its own. */
function atomize(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.flatMap(atomize);
  if (!isObj(v)) return [v];
  if (Array.isArray(v.resourceSpans)) {
    return v.resourceSpans.flatMap((rs: Json) => (rs.scopeSpans as Json[] ?? []).flatMap((ss) =>
      (ss.spans as unknown[]).map((span) => ({ resourceSpans: [{ ...rs, scopeSpans: [{ ...ss, spans: [span] }] }] }))));
  }
  if (Array.isArray(v.data)) return v.data.flatMap((t: Json) => (t.spans as unknown[]).map((span) => ({ ...v, data: [{ ...t, spans: [span] }] })));
  if (isObj(v.data) && Array.isArray(v.data.spans)) return v.data.spans.map((span) => ({ ...v, data: { ...(v.data as Json), spans: [span] } }));
  if (Array.isArray(v.Traces)) return v.Traces.flatMap((t: Json) => (t.Segments as unknown[]).map((seg) => ({ ...v, Traces: [{ ...t, Segments: [seg] }] })));
  if (Array.isArray(v.logEvents)) return v.logEvents.map((e) => ({ ...v, logEvents: [e] }));
  if (Array.isArray(v.events)) return v.events.map((e) => ({ ...v, events: [e] }));
  return [v];
}

/** Every record of the data files under `dir` (JSON documents, NDJSON lines, the X-Ray daemon's text lines). */
function recordsOf(dir: string): unknown[] {
  const out: unknown[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(json|ndjson|txt)$/.test(e.name) && e.name !== 'manifest.json') {
        const text = readFileSync(p, 'utf8');
        try {
          out.push(...atomize(JSON.parse(text)));
        } catch { // NDJSON, or the X-Ray daemon's header line and pretty document: split where a value closes
          for (const value of text.split(/\n(?=[{[])/)) if (value.trim()) out.push(...atomize(JSON.parse(value)));
        }
      }
    }
  };
  walk(dir);
  return out;
}

async function counts(paths: string[]) {
  const s = (await loadPaths(paths)).summary();
  return { spans: s.spans, traces: s.traces, errors: s.errors, services: s.services, logEvents: s.logEvents, invocations: s.invocations, skipped: s.skipped };
}

/** Fisher-Yates with xorshift32 from `seed`: the counterexample fast-check prints stays one number. */
function shuffle<T>(list: T[], seed: number): T[] {
  const out = list.slice();
  let x = (seed >>> 0) || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function chunked(records: unknown[], seed: number, cuts: number[], styles: number[]): string[] {
  const shuffled = shuffle(records, seed);
  const files: unknown[][] = [[]];
  shuffled.forEach((r, i) => {
    if (cuts.includes(i) && files[files.length - 1].length > 0) files.push([]);
    files[files.length - 1].push(r);
  });
  // Styles: 0 NDJSON; 1 pretty documents back to back; 2 the Zipkin spans as one JSON array (as Zipkin's API
  // returns them), the rest as NDJSON. Arrays mixing formats are not written: no tool makes them.
  const isZipkin = (r: unknown) => isObj(r) && typeof r.traceId === 'string' && typeof r.id === 'string';
  return files.map((list, i) => {
    const style = styles[i % styles.length];
    if (style === 1) return list.map((r) => JSON.stringify(r, null, 2)).join('\n') + '\n';
    const spans = style === 2 ? list.filter(isZipkin) : [];
    const lines = (spans.length > 0 ? list.filter((r) => !isZipkin(r)) : list).map((r) => JSON.stringify(r));
    return [...(spans.length > 0 ? [JSON.stringify(spans)] : []), ...lines].join('\n') + '\n';
  });
}

for (const [name, dir, runs] of [['third-party fixtures', FIXTURES, 12], ['bundled sample', SAMPLE, 2]] as const) {
  describe(`re-chunking the ${name} (property-based)`, function () {
    this.timeout(60_000);
    it('splitting, shuffling and re-chunking leaves spans, traces, errors, services and invocations unchanged', async () => {
      const records = recordsOf(dir);
      const expected = await counts([dir]);
      assert.deepEqual(expected.skipped, {});
      assert.ok(records.length > 20);
      await fc.assert(fc.asyncProperty(
        fc.integer(),
        fc.array(fc.integer({ min: 0, max: records.length - 1 }), { maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 4 }),
        async (seed, cuts, styles) => {
          const out = mkdtempSync(path.join(tmpdir(), 'rechunk-'));
          try {
            chunked(records, seed, cuts, styles).forEach((text, i) => writeFileSync(path.join(out, `part-${i}.json`), text));
            assert.deepEqual(await counts([out]), expected);
          } finally {
            rmSync(out, { recursive: true, force: true });
          }
        }), { numRuns: runs, seed: 16, endOnFailure: true });
    });
  });
}
