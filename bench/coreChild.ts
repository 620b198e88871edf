// Child process for the core bench: `parse` = bare JSON.parse of every line (the baseline), `load` = our read + correlate.
import { createReadStream } from 'fs';
import { StringDecoder } from 'string_decoder';
import { loadPaths } from '../src/core/load';
import { expandPaths } from '../src/core/ingest/walk';

async function bareParse(paths: string[]): Promise<object> {
  const files = await expandPaths(paths);
  const t0 = performance.now();
  let records = 0;
  let bytes = 0;
  for (const f of files) {
    const dec = new StringDecoder('utf8');
    let carry = '';
    for await (const chunk of createReadStream(f, { highWaterMark: 1 << 20 })) {
      bytes += (chunk as Buffer).length;
      const text = carry + dec.write(chunk as Buffer);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        if (nl > start) { JSON.parse(text.slice(start, nl)); records++; }
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    if (carry.trim()) { JSON.parse(carry); records++; }
  }
  return { ms: performance.now() - t0, records, bytes };
}

async function load(paths: string[]): Promise<object> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const ds = await loadPaths(paths);
  const ms = performance.now() - t0;
  const s = ds.summary();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  return { ms, rssBefore, peakRss, logEvents: s.logEvents, spans: s.spans, traces: s.traces, invocations: s.invocations, joined: s.joinedInvocations, skipped: s.skipped };
}

const [mode, ...paths] = process.argv.slice(2);
(mode === 'parse' ? bareParse(paths) : load(paths)).then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
