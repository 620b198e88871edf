// Child process for the core bench: `parse` = bare JSON.parse of every line (the baseline), `load` = our read + correlate
// (secrets masked, as by default), `load-nomask` = the same with masking off.
import { createReadStream } from 'fs';
import { open, readFile } from 'fs/promises';
import { LocalFilesSource, loadPaths } from '../src/core/load';
import { DatasetBuilder } from '../src/core/correlate/builder';
import { Masker } from '../src/core/mask';
import type { Sink } from '../src/core/readers/types';
import { expandPaths } from '../src/core/ingest/walk';

async function bareParse(paths: string[]): Promise<object> {
  const files = await expandPaths(paths);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let records = 0;
  let bytes = 0;
  for (const f of files) {
    if (!(await isLineDelimited(f))) {
      const text = await readFile(f, 'utf8');
      bytes += Buffer.byteLength(text);
      JSON.parse(text);
      records++;
      continue;
    }
    // Lines are cut in the bytes and each one decoded alone: decoding whole 1 MB chunks to strings and splitting
    // those (with a carried tail prepended) cost three times as much as the parsing itself.
    let rest: Buffer | undefined;
    for await (const chunk of createReadStream(f, { highWaterMark: 1 << 20 })) {
      bytes += (chunk as Buffer).length;
      const data = rest ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
      let start = 0;
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, start)) {
        if (nl > start) { JSON.parse(data.toString('utf8', start, nl)); records++; }
        start = nl + 1;
      }
      rest = start < data.length ? Buffer.from(data.subarray(start)) : undefined; // the stream may reuse its buffer
    }
    const tail = rest?.toString('utf8');
    if (tail?.trim()) { JSON.parse(tail); records++; }
  }
  return { ms: performance.now() - t0, cpuMs: cpuMsSince(c0), records, bytes };
}

/** CPU time (all threads, GC included) is steadier than wall time on a shared machine. */
function cpuMsSince(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
}

/** NDJSON files are parsed line by line; pretty-printed documents (X-Ray exports) whole. */
async function isLineDelimited(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(65536), 0, 65536, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    const nl = head.indexOf('\n');
    JSON.parse(nl < 0 ? head : head.slice(0, nl));
    return true;
  } catch {
    return false;
  } finally {
    await fh.close();
  }
}

/**
 * `masked` false: the same load with secret masking off, the baseline of core.masking_overhead_pct.
 * `parseWorkers`: with the pool of parse workers (0 = auto); CPU and peak RSS count every thread of the process.
 */
async function load(paths: string[], masked = true, parseWorkers?: number): Promise<object> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const ds = await loadPaths(paths, { ...(masked ? {} : { mask: { enabled: false } }), parseWorkers });
  const ms = performance.now() - t0;
  const cpuMs = cpuMsSince(c0);
  const s = ds.summary();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  return { ms, cpuMs, rssBefore, peakRss, logEvents: s.logEvents, spans: s.spans, traces: s.traces, invocations: s.invocations, joined: s.joinedInvocations, skipped: s.skipped };
}

/**
 * The masked load with the time spent inside the masker measured in the same process: its share of the load is
 * steadier than two separate runs on a busy machine, where CPU time varies by more than the masking costs.
 */
async function loadTimingMask(paths: string[]): Promise<object> {
  global.gc?.();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const builder = new DatasetBuilder();
  const masker = new Masker();
  let maskMs = 0;
  const sink: Sink = {
    log: (e) => { const t = performance.now(); masker.log(e); maskMs += performance.now() - t; builder.log(e); },
    span: (s) => { const t = performance.now(); masker.span(s); maskMs += performance.now() - t; builder.span(s); },
    skip: (r, o, m) => builder.skip(r, o, masker.text(m)),
  };
  const result = await new LocalFilesSource(paths).load(sink);
  builder.files.push(...result.files);
  builder.build().summary();
  return { ms: performance.now() - t0, cpuMs: cpuMsSince(c0), maskMs };
}

const [mode, ...args] = process.argv.slice(2);
const run = mode === 'parse' ? bareParse(args) : mode === 'load-masktime' ? loadTimingMask(args)
  : mode === 'load-workers' ? load(args.slice(1), true, Number(args[0])) : load(args, mode !== 'load-nomask');
run.then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
