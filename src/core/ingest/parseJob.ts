// One parse job, in a parse worker or (when it would otherwise wait) in the loading thread itself: the file or range
// is read into the masking sink and a ColumnWriter, whose batches go to `post`.
import { readFile, RangeSummary } from './readFile';
import { ColumnBatch, ColumnWriter } from './recordColumns';
import { createMasker, maskingSink } from '../mask';
import type { ParseJob } from './parseProtocol';

export async function parseJob(job: ParseJob, post: (b: ColumnBatch) => void): Promise<RangeSummary> {
  const writer = new ColumnWriter(post);
  const sink = maskingSink(writer, createMasker(job.mask));
  const summary = await readFile(job.file, sink, {
    maxLineBytes: job.maxLineBytes,
    maxDecompressedBytes: job.maxDecompressedBytes,
    range: job.range,
    onBytes: (n) => writer.addBytes(n),
  });
  writer.flush();
  return summary;
}
