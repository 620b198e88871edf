// A receiver on free loopback ports feeding a DatasetBuilder through the masking sink, as the editor does.
import { DatasetBuilder } from '../../src/core/correlate/builder';
import { createMasker, maskingSink } from '../../src/core/mask';
import { readBatch, Receiver } from '../../src/core/receive';
import type { ReceiverOptions } from '../../src/core/receive';

export interface TestReceiver {
  receiver: Receiver;
  builder: DatasetBuilder;
  otlpUrl: string;
  xrayAddress: string;
  stop(): Promise<void>;
}

export async function startTestReceiver(opts: Partial<ReceiverOptions> = {}): Promise<TestReceiver> {
  const builder = new DatasetBuilder();
  const sink = maskingSink(builder, createMasker({}));
  const receiver = new Receiver({
    otlp: { host: '127.0.0.1', port: 0 },
    xray: { host: '127.0.0.1', port: 0 },
    onBatch: (b) => readBatch(b, sink),
    ...opts,
  });
  await receiver.start();
  return {
    receiver, builder,
    otlpUrl: `http://127.0.0.1:${receiver.otlpAddress?.port}`,
    xrayAddress: `127.0.0.1:${receiver.xrayAddress?.port}`,
    stop: () => receiver.stop(),
  };
}

export async function waitFor(cond: () => boolean, ms = 5000, what = 'condition', stepMs = 20): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** One POST, answering status, content type and body. */
export async function post(url: string, body: Uint8Array | string, headers: Record<string, string>): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body), headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}
