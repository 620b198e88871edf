// The channel between the extension host (the router) and the engine worker that owns the Dataset: the same channel
// shape as the panels' (channel.ts: version, request ids, cancel, progress, error, validation on receipt). The host
// plays the "webview" side (it asks), the engine the "host" side (it answers and pushes).
import {
  arrayOf, CommonHostMessage, CommonWebviewMessage, defineProtocol, int, obj, oneOf, opt, str,
} from '../protocol/channel';

export const ENGINE_PROTOCOL_VERSION = 1;

export const PANEL_KINDS = ['explorer', 'architecture', 'anomalies'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/** What to read: the files (or folders) the host found, under a label. */
export interface LoadPlan {
  files: string[];
  label: string;
  /** Shown as the error when there are no files. */
  emptyReason?: string;
  /** Parse worker threads (setting traceExplorer.ingest.parseWorkers; 0 or absent = auto). */
  parseWorkers?: number;
}

/** The engine's data, as the host and every view see it (never the records themselves). */
export interface EngineState {
  sourceLabel: string;
  loading: boolean;
  error?: string;
  version: number;
  traces: number;
  spans: number;
  invocations: number;
}

/** A question about the loaded data (answered by requests.ts in the worker). */
export type Question =
  | { kind: 'tree' }
  | { kind: 'functionPicks' }
  | { kind: 'vocabulary' }
  | { kind: 'hasTrace'; id: string }
  | { kind: 'query'; text: string };

export const QUESTION_KINDS = ['tree', 'functionPicks', 'vocabulary', 'hasTrace', 'query'] as const;

export type ToEngine =
  | CommonWebviewMessage
  | { v: number; type: 'load'; requestId: number; plan: LoadPlan }
  | { v: number; type: 'openPanel'; panelId: number; kind: PanelKind; state?: object }
  | { v: number; type: 'panel'; panelId: number; message: object }
  | { v: number; type: 'closePanel'; panelId: number }
  /** A question from VS Code's own UI (tree, query commands, Open Trace by ID): see requests.ts. */
  | { v: number; type: 'ask'; requestId: number; question: Question };

export type FromEngine =
  | CommonHostMessage
  | { v: number; type: 'state'; state: EngineState }
  | { v: number; type: 'loaded'; requestId: number; state: EngineState }
  /** A message for a panel's webview (the host passes it on as it is). */
  | { v: number; type: 'panelPost'; panelId: number; message: object }
  /** A side effect only the host can do (open a file, run a command), named by the panel's controller. */
  | { v: number; type: 'effect'; panelId: number; name: string; args: unknown[] }
  /** The answer to an `ask`, computed on the dataset of `version`. */
  | { v: number; type: 'answer'; requestId: number; version: number; answer: unknown };

const state = (x: unknown) => obj(x) && ['sourceLabel', 'loading', 'version', 'traces', 'spans', 'invocations']
  .every((k) => k in (x as object)) && typeof (x as EngineState).loading === 'boolean';

const question = (q: Question) => q.kind === 'hasTrace' ? str(q.id) : q.kind === 'query' ? str(q.text) : true;

export const ENGINE_PROTOCOL = defineProtocol<ToEngine, FromEngine>('engine', ENGINE_PROTOCOL_VERSION, {
  load: { requestId: int, plan: (x) => obj(x) && arrayOf(str)((x as LoadPlan).files) && str((x as LoadPlan).label) && opt(str)((x as LoadPlan).emptyReason) && opt(int)((x as LoadPlan).parseWorkers) },
  openPanel: { panelId: int, kind: oneOf(PANEL_KINDS), state: opt(obj) },
  panel: { panelId: int, message: obj },
  closePanel: { panelId: int },
  ask: { requestId: int, question: (x) => obj(x) && oneOf(QUESTION_KINDS)((x as Question).kind) && question(x as Question) },
}, {
  state: { state },
  loaded: { requestId: int, state },
  panelPost: { panelId: int, message: obj },
  effect: { panelId: int, name: str, args: Array.isArray },
  answer: { requestId: int, version: int, answer: () => true },
});
