// A parse worker (worker_threads; webpack entry dist/parseWorker.js): reads a file or a byte range of one, masks
// what it read, and posts the sink calls back as column batches (recordColumns.ts). One job at a time.
import { parentPort } from 'worker_threads';
import { readFile } from './readFile';
import { ColumnWriter, transferList } from './recordColumns';
import { createMasker, maskingSink } from '../mask';
import { useMaskKey } from '../mask/masker';
import type { ParseJob, WorkerReply } from './parseProtocol';

const port = parentPort;
if (!port) throw new Error('parseWorker.js runs as a worker thread');

port.on('message', (job: ParseJob) => {
  run(job).catch((err: Error) => post({ type: 'failed', id: job.id, message: err?.stack ?? String(err) }));
});

function post(reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(reply, transfer);
}

async function run(job: ParseJob): Promise<void> {
  useMaskKey(job.maskKey);
  const writer = new ColumnWriter((batch) => post({ type: 'batch', id: job.id, batch }, transferList(batch)));
  const sink = maskingSink(writer, createMasker(job.mask));
  const summary = await readFile(job.file, sink, {
    maxLineBytes: job.maxLineBytes,
    maxDecompressedBytes: job.maxDecompressedBytes,
    range: job.range,
    onBytes: (n) => writer.addBytes(n),
  });
  writer.flush();
  post({ type: 'done', id: job.id, summary });
}
