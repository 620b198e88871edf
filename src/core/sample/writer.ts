// Buffered, back-pressured file output: big datasets stream to disk instead of growing in memory.
import * as fs from 'fs';
import * as path from 'path';
import type { Rng } from './prng';

const CHUNK = 1 << 20;

export class OutFile {
  private parts: string[] = [];
  private pending = 0;
  private readonly stream: fs.WriteStream;
  private failure: Error | undefined;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.stream = fs.createWriteStream(file);
    this.stream.on('error', (e) => { this.failure = e; });
  }

  write(s: string): void {
    this.parts.push(s);
    this.pending += s.length;
  }

  /** Hands the buffer to the stream once it is big enough, waiting while the disk catches up. */
  async drain(): Promise<void> {
    if (this.pending >= CHUNK) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end(() => (this.failure ? reject(this.failure) : resolve()));
    });
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        this.stream.once('drain', () => { this.stream.off('error', onError); resolve(); });
        this.stream.once('error', onError);
      });
    }
  }
}

interface PendingEvent {
  ts: number;
  seq: number;
  message: string;
  logStream: string;
  ingestionTime: number;
}

/**
 * One function's log group. Invocations of one trace are added together, but several traces overlap in time,
 * so events wait in a small buffer and are written in timestamp order once no earlier event can still come.
 */
export class LogGroupOut {
  private pending: PendingEvent[] = [];
  private seq = 0;
  private first = true;
  private readonly streams = new Set<string>();
  count = 0;

  constructor(
    private readonly out: OutFile,
    readonly logGroupName: string,
    /** NDJSON of CloudWatch events (large datasets) instead of a filter-log-events export. */
    private readonly ndjson: boolean,
    private readonly rng: Rng,
  ) {
    if (!ndjson) out.write(`{\n    "logGroupName": ${JSON.stringify(logGroupName)},\n    "events": [`);
  }

  add(ts: number, message: string, logStream: string): void {
    const t = Math.floor(ts);
    // CloudWatch ingests a few hundred milliseconds after the line is written.
    this.pending.push({ ts: t, seq: this.seq++, message, logStream, ingestionTime: t + this.rng.int(180, 1400) });
    this.streams.add(logStream);
  }

  /** Writes every buffered event older than `watermark`. */
  async flushBefore(watermark: number): Promise<void> {
    if (this.pending.length === 0) return;
    this.pending.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
    let n = 0;
    while (n < this.pending.length && this.pending[n].ts < watermark) n++;
    for (let i = 0; i < n; i++) this.writeEvent(this.pending[i]);
    this.pending = this.pending.slice(n);
    await this.out.drain();
  }

  async close(): Promise<void> {
    await this.flushBefore(Number.POSITIVE_INFINITY);
    if (!this.ndjson) {
      const searched = [...this.streams].sort().map((s) => cliJson({ logStreamName: s, searchedCompletely: true }));
      const list = searched.length ? `[\n${searched.join(',\n')}\n    ]` : '[]';
      this.out.write(`${this.first ? ']' : '\n    ]'},\n    "searchedLogStreams": ${list}\n}\n`);
    }
    await this.out.close();
  }

  private writeEvent(e: PendingEvent): void {
    this.count++;
    if (this.ndjson) {
      this.out.write(`${JSON.stringify({ timestamp: e.ts, message: e.message, logStreamName: e.logStream, logGroupName: this.logGroupName })}\n`);
      return;
    }
    const json = cliJson({
      logStreamName: e.logStream, timestamp: e.ts, message: e.message, ingestionTime: e.ingestionTime, eventId: eventId(this.rng),
    });
    this.out.write(this.first ? `\n${json}` : `,\n${json}`);
    this.first = false;
  }
}

/** An array item as the AWS CLI prints it (`--output json`: 4-space indent), two levels deep. */
function cliJson(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(/^/gm, '        ');
}

/** CloudWatch event ids are 56-digit decimal strings. */
function eventId(rng: Rng): string {
  return rng.digits(56);
}

/**
 * `aws xray batch-get-traces` output. One file for the sample; pages of `perFile` traces for big datasets,
 * since a single JSON document of hundreds of MB cannot be read without holding it all.
 */
export class XrayOut {
  private out: OutFile | undefined;
  private inFile = 0;
  readonly files: { path: string; traces: number }[] = [];

  constructor(private readonly outDir: string, private readonly perFile: number) {}

  /** `trace` is a Traces[] entry; it is printed the way the AWS CLI prints it. */
  async add(trace: unknown): Promise<void> {
    const traceJson = cliJson(trace);
    if (!this.out || this.inFile >= this.perFile) await this.rotate();
    this.out!.write(`${this.inFile === 0 ? '\n' : ',\n'}${traceJson}`);
    this.inFile++;
    this.files[this.files.length - 1].traces++;
    await this.out!.drain();
  }

  async close(): Promise<void> {
    if (!this.out) await this.rotate();
    await this.finish();
  }

  private async rotate(): Promise<void> {
    await this.finish();
    const name = Number.isFinite(this.perFile)
      ? `xray/batch-get-traces-${String(this.files.length + 1).padStart(4, '0')}.json`
      : 'xray/batch-get-traces.json';
    this.out = new OutFile(path.join(this.outDir, name));
    this.out.write('{\n    "Traces": [');
    this.inFile = 0;
    this.files.push({ path: name, traces: 0 });
  }

  private async finish(): Promise<void> {
    if (!this.out) return;
    this.out.write(`${this.inFile === 0 ? ']' : '\n    ]'},\n    "UnprocessedTraceIds": []\n}\n`);
    await this.out.close();
    this.out = undefined;
  }
}
