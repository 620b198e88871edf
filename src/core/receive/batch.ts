// What the receiver hands on: one request's (or datagram's) content as a JSON value the existing readers read, and
// reading it into a sink (the masking sink in front of the live store, like every other source).
import type { Sink } from '../readers/types';
import { describeUnknown, readJsonValue } from '../readers/index';

export type BatchSignal = 'traces' | 'logs' | 'xray';

export interface ReceivedBatch {
  signal: BatchSignal;
  /** OTLP/JSON (ExportTraceServiceRequest / ExportLogsServiceRequest shape) or one X-Ray segment document. */
  value: unknown;
  /** Epoch ms when it arrived. */
  receivedMs: number;
  /** Sequence number of the batch on its endpoint (the "line" in problem reports). */
  seq: number;
}

/** Origins of received records start with this: that is how a trace is known to come from a local run. */
export const RECEIVER_ORIGIN_PREFIX = 'receiver:';

export function batchOrigin(b: Pick<ReceivedBatch, 'signal'>): string {
  return `${RECEIVER_ORIGIN_PREFIX}${b.signal === 'xray' ? 'xray-udp' : `otlp-http/v1/${b.signal}`}`;
}

export interface ReadOutcome {
  records: number;
  /** Records the readers could not use (each also counted as a skip in the sink, with its reason). */
  rejected: number;
  /** The first rejection's message, for the OTLP partial-success answer. */
  message: string;
}

/** Reads a batch through the readers into the sink; counts what was kept and what was rejected. */
export function readBatch(batch: ReceivedBatch, sink: Sink): ReadOutcome {
  const out: ReadOutcome = { records: 0, rejected: 0, message: '' };
  const counting: Sink = {
    log: (e) => { out.records++; sink.log(e); },
    span: (s) => { out.records++; sink.span(s); },
    skip: (reason, origin, message) => {
      out.rejected++;
      if (!out.message) out.message = `${reason}: ${message}`;
      sink.skip(reason, origin, message);
    },
  };
  const origin = { file: batchOrigin(batch), line: batch.seq };
  const format = readJsonValue(batch.value, { sink: counting, origin, hints: {}, readNested: readJsonValue });
  if (format === undefined) counting.skip('unknown-record', origin, describeUnknown(batch.value));
  return out;
}
