// Writes received batches as files the readers read back: OTLP/JSON lines (`otlp/traces.jsonl`, `otlp/logs.jsonl`,
// one export request per line) and X-Ray segment documents (`xray/segments.jsonl`, one per line). Lines are buffered
// and appended at least once a second, and on close.
import { promises as fs } from 'fs';
import * as path from 'path';
import type { BatchSignal, ReceivedBatch } from './batch';

const FILES: Record<BatchSignal, string> = { traces: 'otlp/traces.jsonl', logs: 'otlp/logs.jsonl', xray: 'xray/segments.jsonl' };

export class BatchFileWriter {
  private pending: Record<BatchSignal, string[]> = { traces: [], logs: [], xray: [] };
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  /** Lines written per file, and the first write error (the receiver keeps running; the CLI reports it). */
  readonly written: Record<BatchSignal, number> = { traces: 0, logs: 0, xray: 0 };
  error?: string;

  constructor(readonly dir: string, readonly flushMs = 1000) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.flushMs);
  }

  add(b: ReceivedBatch): void {
    this.pending[b.signal].push(JSON.stringify(b.value));
  }

  fileOf(signal: BatchSignal): string {
    return path.join(this.dir, FILES[signal]);
  }

  /** Appends what is pending; flushes run one after another so lines keep their order. */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = { traces: [], logs: [], xray: [] };
    this.flushing = this.flushing.then(async () => {
      for (const signal of Object.keys(batch) as BatchSignal[]) {
        const lines = batch[signal];
        if (lines.length === 0) continue;
        const file = this.fileOf(signal);
        try {
          await fs.mkdir(path.dirname(file), { recursive: true });
          await fs.appendFile(file, lines.join('\n') + '\n');
          this.written[signal] += lines.length;
        } catch (e) {
          this.error ??= `cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
