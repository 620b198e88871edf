// Comparing traces (issue 18): structural matching, the typical trace of an entry point, the diff.
export { spanKey, foldName, pairSiblings, selfTime, selfTimes } from './paths';
export { diffTraces, relativeChange } from './diff';
export type { DiffRow, DiffSideName, TraceDiff } from './diff';
export { entryPointOf, median, sameEntryPoint, typicalTrace } from './typical';
export type { TypicalOptions, TypicalTrace } from './typical';
export { alignLogLines, logTemplate, LOOKAHEAD } from './logPairs';
export type { LogAlignment } from './logPairs';
