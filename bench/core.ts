// Issue 2's measures: read + correlate 1M Lambda log events + 200k spans against bare JSON.parse, and peak memory.
import * as path from 'path';
import { Figure, runChild } from './measure';
import { largeDataset } from './data';

interface ParseResult { ms: number; cpuMs: number; records: number; bytes: number }
interface LoadResult { ms: number; cpuMs: number; rssBefore: number; peakRss: number; logEvents: number; spans: number; traces: number; invocations: number; joined: number }

export async function coreBench(): Promise<Figure[]> {
  const data = await largeDataset();
  const child = path.join(__dirname, 'coreChild.js');
  // Alternate the two and keep each one's best run: the machine is shared and noisy.
  let parse: ParseResult | undefined;
  let load: LoadResult | undefined;
  for (let i = 0; i < 2; i++) {
    const p = runChild<ParseResult>(child, ['parse', data.dir]);
    const l = runChild<LoadResult>(child, ['load', data.dir]);
    if (!parse || p.cpuMs < parse.cpuMs) parse = p;
    if (!load || l.cpuMs < load.cpuMs) load = l;
  }
  const mb = parse!.bytes / 1048576;
  return [
    { name: 'core.input_records', value: parse!.records, unit: 'records', note: `${load!.logEvents} log events, ${load!.spans} spans, ${load!.traces} traces, ${load!.joined}/${load!.invocations} invocations joined` },
    { name: 'core.input_size', value: Math.round(mb), unit: 'MB' },
    { name: 'core.json_parse_ms', value: Math.round(parse!.ms), unit: 'ms', note: `CPU ${Math.round(parse!.cpuMs)} ms` },
    { name: 'core.read_correlate_ms', value: Math.round(load!.ms), unit: 'ms', note: `CPU ${Math.round(load!.cpuMs)} ms` },
    { name: 'core.events_per_s', value: Math.round(parse!.records / (load!.ms / 1000)), unit: 'records/s' },
    { name: 'core.mb_per_s', value: Math.round(mb / (load!.ms / 1000)), unit: 'MB/s' },
    { name: 'core.read_correlate_vs_json_parse', value: load!.cpuMs / parse!.cpuMs, unit: 'x', note: `CPU time ratio; wall ${(load!.ms / parse!.ms).toFixed(2)}x; target <= 2.0` },
    { name: 'core.peak_memory_vs_input', value: (load!.peakRss - load!.rssBefore) / parse!.bytes, unit: 'x', note: `peak RSS ${Math.round(load!.peakRss / 1048576)} MB; target <= 3.0` },
  ];
}
