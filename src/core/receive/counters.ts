// What the receiver has taken and refused, for the status bar, the CLI and the tests.

export class ReceiverCounters {
  requests = 0;
  /** Request bytes as sent (OTLP) plus datagram bytes (X-Ray). */
  bytes = 0;
  spans = 0;
  logs = 0;
  datagrams = 0;
  /** Records the readers rejected inside accepted batches (answered as partial success). */
  rejectedRecords = 0;
  /** Refused requests and datagrams by HTTP status ('udp' for datagrams): 400, 413, 415... */
  readonly refused: Record<string, number> = {};
  lastError = '';

  countRejected(status: number | 'udp-malformed' | 'udp-too-large', message: string): void {
    const key = String(status);
    this.refused[key] = (this.refused[key] ?? 0) + 1;
    this.lastError = message;
  }

  get refusedTotal(): number {
    let n = 0;
    for (const k in this.refused) n += this.refused[k];
    return n;
  }

  snapshot(): ReceiverCountsSnapshot {
    return { requests: this.requests, bytes: this.bytes, spans: this.spans, logs: this.logs, datagrams: this.datagrams,
      rejectedRecords: this.rejectedRecords, refused: { ...this.refused }, lastError: this.lastError };
  }
}

export interface ReceiverCountsSnapshot {
  requests: number;
  bytes: number;
  spans: number;
  logs: number;
  datagrams: number;
  rejectedRecords: number;
  refused: Record<string, number>;
  lastError: string;
}
