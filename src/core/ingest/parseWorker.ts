// A parse worker (worker_threads; webpack entry dist/parseWorker.js): reads a file or a byte range of one, masks
// what it read, and posts the sink calls back as column batches (recordColumns.ts). One job at a time.
import { parentPort } from 'worker_threads';
import { transferList } from './recordColumns';
import { useMaskKey } from '../mask/masker';
import { parseJob } from './parseJob';
import type { ParseJob, WorkerReply } from './parseProtocol';

const port = parentPort;
if (!port) throw new Error('parseWorker.js runs as a worker thread');

port.on('message', (job: ParseJob) => {
  useMaskKey(job.maskKey);
  parseJob(job, (batch) => post({ type: 'batch', id: job.id, batch }, transferList(batch))).then(
    (summary) => post({ type: 'done', id: job.id, summary }),
    (err: Error) => post({ type: 'failed', id: job.id, message: err?.stack ?? String(err) }),
  );
});

function post(reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(reply, transfer);
}
