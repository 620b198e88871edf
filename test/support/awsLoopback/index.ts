// Loopback AWS endpoint for tests and the bench: see server.ts.
export { startLoopback, LoopbackServer } from './server';
export type { LoopbackOptions, RequestRecord } from './server';
export { datasetFromDir, syntheticDataset, allEvents, ArrayStore, SyntheticStore } from './dataset';
export type { LoopDataset, LoopEvent, LoopGroup } from './dataset';
export type { FaultOptions } from './faults';
export const DUMMY_CREDENTIALS = { accessKeyId: 'AKIDLOOPBACKTEST0001', secretAccessKey: 'loopback-secret-key-not-real' };
