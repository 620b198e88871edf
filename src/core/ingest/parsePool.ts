// A pool of parse workers (worker_threads): jobs go to the first idle worker in the order they were given.
import { existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { ParseJob, WorkerReply } from './parseProtocol';
import { parseJob } from './parseJob';
import type { RangeSummary } from './readFile';
import type { ColumnBatch } from './recordColumns';

/** Default pool size: every core but the one the loading thread uses, at least one. */
export function defaultParseWorkers(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores - 1);
}

/**
 * Where the worker script is: next to this module when compiled by tsc (out/src/core/ingest/parseWorker.js),
 * next to the bundle when webpacked (dist/parseWorker.js, its own entry).
 */
export function defaultParseWorkerScript(): string {
  return path.join(__dirname, 'parseWorker.js');
}

export interface JobHandlers {
  batch(b: ColumnBatch): void;
}

interface Pending { job: ParseJob; handlers: JobHandlers; resolve(s: RangeSummary): void; reject(e: Error): void }

export class ParsePool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number, script = defaultParseWorkerScript()) {
    if (!existsSync(script)) throw new Error(`parse worker script not found: ${script}`);
    for (let i = 0; i < size; i++) {
      const w = new Worker(script);
      w.on('message', (m: WorkerReply) => this.reply(w, m));
      w.on('error', (e) => this.died(w, e));
      w.on('exit', (code) => { if (!this.closed) this.died(w, new Error(`parse worker exited (code ${code})`)); });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  /** Runs a job; `first` puts it ahead of the queue (a re-read the loading thread is waiting for). */
  run(job: Omit<ParseJob, 'id'>, handlers: JobHandlers, first = false): Promise<RangeSummary> {
    if (this.closed) return Promise.reject(new Error('parse pool closed'));
    return new Promise((resolve, reject) => {
      const p: Pending = { job: { ...job, id: this.nextId++ }, handlers, resolve, reject };
      if (first) this.queue.unshift(p);
      else this.queue.push(p);
      this.pump();
    });
  }

  /**
   * Takes the last job still waiting for a worker off the queue and runs it in this thread: the loading thread
   * does that rather than wait for a worker (on 2 cores, one worker and this thread both parse).
   */
  stealLast(): Promise<void> | undefined {
    const p = this.queue.pop();
    if (!p) return undefined;
    return parseJob(p.job, (b) => p.handlers.batch(b)).then(p.resolve, p.reject);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('parse pool closed'));
    for (const p of this.running.values()) p.reject(new Error('parse pool closed'));
    this.running.clear();
    await Promise.all(this.all.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.shift()!;
      const p = this.queue.shift()!;
      this.running.set(w, p);
      w.postMessage(p.job);
    }
  }

  private reply(w: Worker, m: WorkerReply): void {
    const p = this.running.get(w);
    if (!p || p.job.id !== m.id) return;
    if (m.type === 'batch') {
      p.handlers.batch(m.batch);
      return;
    }
    this.running.delete(w);
    this.idle.push(w);
    if (m.type === 'done') p.resolve(m.summary);
    else p.reject(new Error(`parse worker failed on ${p.job.file}: ${m.message}`));
    this.pump();
  }

  /** A worker that dies fails its job; the load reports it (the pool does not hide a crash by retrying). */
  private died(w: Worker, e: Error): void {
    const p = this.running.get(w);
    this.running.delete(w);
    const i = this.all.indexOf(w);
    if (i >= 0) this.all.splice(i, 1);
    const j = this.idle.indexOf(w);
    if (j >= 0) this.idle.splice(j, 1);
    p?.reject(new Error(`parse worker died reading ${p.job.file}: ${e.message}`));
    if (this.all.length === 0) for (const q of this.queue.splice(0)) q.reject(new Error('every parse worker died'));
  }
}
