// The local receiver (OTLP/HTTP + X-Ray daemon UDP): docs/receive.md.
export { Receiver, ReceiverError } from './receiver';
export type { ReceiverOptions } from './receiver';
export { ReceiverCounters } from './counters';
export type { ReceiverCountsSnapshot } from './counters';
export { batchOrigin, readBatch, RECEIVER_ORIGIN_PREFIX } from './batch';
export type { BatchSignal, ReadOutcome, ReceivedBatch } from './batch';
export { formatEndpoint, isLoopback, parseEndpoint } from './address';
export type { Endpoint } from './address';
export { DEFAULT_MAX_BODY_BYTES } from './otlpHttp';
export { DEFAULT_MAX_DATAGRAM_BYTES, parseDatagram } from './xrayUdp';
export { decodeOtlpProto, encodeOtlpProto } from './otlpProto';
