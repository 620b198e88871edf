// The channel between the extension host (the router) and the engine worker that owns the Dataset: the same channel
// shape as the panels' (channel.ts: version, request ids, cancel, progress, error, validation on receipt). The host
// plays the "webview" side (it asks), the engine the "host" side (it answers and pushes).
import {
  arrayOf, CommonHostMessage, CommonWebviewMessage, defineProtocol, int, num, obj, oneOf, opt, str,
} from '../protocol/channel';
import type { MaskOptions } from '../core/mask';
import type { AwsConnection } from '../core/aws/clients';
import type { Override } from '../core/code/overrides';
import type { CostSettings } from '../core/cost/options';

export const ENGINE_PROTOCOL_VERSION = 3;

export const PANEL_KINDS = ['explorer', 'architecture', 'anomalies'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/** The core's limits on local files (`traceExplorer.input.*`; undefined: the core's defaults). */
export interface InputLimits { maxLineBytes?: number; maxDecompressedBytes?: number }

/** What to read: the files (or folders) the host found, under a label, with the user's masking and input settings. */
export interface LoadPlan {
  files: string[];
  label: string;
  /** Shown as the error when there are no files. */
  emptyReason?: string;
  /** `traceExplorer.masking.*` (undefined: the core's defaults). */
  mask?: MaskOptions;
  limits?: InputLimits;
  /** Parse worker threads (core LoadOptions.parseWorkers: absent = this thread, 0 = auto, n = n workers). */
  parseWorkers?: number;
}

/** An AWS fetch, settled on the host (trust, endpoint and profile confirmations) before it is sent. */
export interface AwsLoadPlan extends AwsConnection {
  logGroups: string[];
  spans: boolean;
  xray: boolean;
  startMs: number;
  endMs: number;
  live?: boolean;
  rangeMs?: number;
  slowest?: number;
  /** The disk cache's folder (the extension's global storage). */
  cacheDir?: string;
  mask?: MaskOptions;
  /** Live tail: what it keeps is bounded like the receiver's (traceExplorer.live.memoryBudgetMb). */
  budgetBytes?: number;
}

/** The local receiver run by the engine (docs/receive.md): where it listens and how it keeps what it takes. */
export interface LocalPlan {
  /** OTLP/HTTP `host:port`; '' = not started. */
  otlp: string;
  /** X-Ray daemon UDP `host:port`; '' = not started. */
  xray: string;
  maxRequestBytes?: number;
  /** The live store's memory budget (traceExplorer.live.memoryBudgetMb). */
  budgetBytes?: number;
  /** false: do not listen, show what the last run kept (after Stop, or on a reload once stopped). */
  listen: boolean;
  mask?: MaskOptions;
}

/** The receiver's state and counts, pushed to the host (status bar) on every change and at most once a second. */
export interface LocalStatus {
  state: 'running' | 'stopped' | 'failed';
  /** The addresses bound (port 0 resolved). */
  otlp?: string;
  xray?: string;
  received: { requests: number; spans: number; logs: number; datagrams: number; rejectedRecords: number; refused: Record<string, number>; lastError: string };
  /** What the shown snapshot holds, and what the budget evicted (oldest first). */
  kept: { traces: number; spans: number };
  evicted: { traces: number; invocations: number; spans: number; logs: number };
  /** A start that failed: `port-in-use` names the endpoint (`which`: the setting to change). */
  error?: { message: string; code: 'port-in-use' | 'address' | 'other'; host: string; port: number; which: 'otlp' | 'xray' };
  /** Said once per start: an address that is not loopback. */
  warnings?: string[];
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
  /** A live source's memory budget evicted this many of the oldest traces (Live Tail, the local receiver). */
  evictedTraces?: number;
}

/** What the code lenses need from the workspace, listed on the host; the files are read in the worker. */
export interface CodeInputs {
  /** Changes whenever the inputs do (the worker keeps one code map per key). */
  key: string;
  /** Candidate files in tiers: the workspace first, then the bundled sample app. */
  files: string[][];
  roots: string[];
  overrides: Override[];
}

export type LensTarget =
  | { kind: 'handler'; functionName: string }
  | { kind: 'line'; file: string; line: number; operation?: string };

/** A question about the loaded data (answered by requests.ts and lensRequests.ts in the worker). */
export type Question =
  | { kind: 'tree' }
  | { kind: 'functionPicks' }
  | { kind: 'vocabulary' }
  | { kind: 'hasTrace'; id: string }
  | { kind: 'query'; text: string }
  /** A plain copy of the data for the extension's tests (the API's getDataset()). */
  | { kind: 'snapshot' }
  | { kind: 'codeInfo'; code: CodeInputs }
  | { kind: 'buildLensIndex'; code: CodeInputs; range?: { startMs: number; endMs: number }; cost?: CostSettings }
  | { kind: 'lensesFor'; file: string }
  | { kind: 'exceptionsFor'; file: string }
  | { kind: 'functionAt'; file: string; line: number }
  | { kind: 'tracesFor'; target: LensTarget }
  | { kind: 'explain'; file?: string; functionName?: string }
  | { kind: 'lensFacts' };

export const QUESTION_KINDS = ['tree', 'functionPicks', 'vocabulary', 'hasTrace', 'query', 'snapshot', 'codeInfo', 'buildLensIndex',
  'lensesFor', 'exceptionsFor', 'functionAt', 'tracesFor', 'explain', 'lensFacts'] as const;

/** Calls the host makes on a panel's controller (not from its webview). */
export const PANEL_CALLS = ['showTrace', 'setFilter', 'settings'] as const;
export type PanelCall = (typeof PANEL_CALLS)[number];

export type ToEngine =
  | CommonWebviewMessage
  | { v: number; type: 'load'; requestId: number; plan: LoadPlan }
  | { v: number; type: 'loadAws'; requestId: number; plan: AwsLoadPlan }
  /** Ends live tailing: the running AWS load resolves with what it has. */
  | { v: number; type: 'stopLive' }
  /** Starts (or keeps) the local receiver and shows what it takes until it is stopped or another load replaces it. */
  | { v: number; type: 'loadLocal'; requestId: number; plan: LocalPlan }
  /** Stops the receiver; its load resolves with what it kept, which stays shown. */
  | { v: number; type: 'stopLocal' }
  | { v: number; type: 'openPanel'; panelId: number; kind: PanelKind; state?: object }
  | { v: number; type: 'panel'; panelId: number; message: object }
  | { v: number; type: 'panelCall'; panelId: number; name: PanelCall; args: unknown[] }
  | { v: number; type: 'closePanel'; panelId: number }
  /** A question from VS Code's own UI (tree, query commands, Open Trace by ID, code lenses). */
  | { v: number; type: 'ask'; requestId: number; question: Question };

export type FromEngine =
  | CommonHostMessage
  | { v: number; type: 'state'; state: EngineState }
  | { v: number; type: 'loaded'; requestId: number; state: EngineState }
  | { v: number; type: 'localStatus'; status: LocalStatus }
  /**
   * A message for a panel's webview as JSON text, which the host passes on as it is: the host never rebuilds the
   * panel's data as objects (a structured clone in, a JSON walk out), only copies a string. `messageType` names it.
   */
  | { v: number; type: 'panelPost'; panelId: number; messageType: string; json: string }
  /** A side effect only the host can do (open a file, run a command), named by the panel's controller. */
  | { v: number; type: 'effect'; panelId: number; name: string; args: unknown[] }
  /** The answer to an `ask`, computed on the dataset of `version`. */
  | { v: number; type: 'answer'; requestId: number; version: number; answer: unknown };

const state = (x: unknown) => obj(x) && ['sourceLabel', 'loading', 'version', 'traces', 'spans', 'invocations']
  .every((k) => k in (x as object)) && typeof (x as EngineState).loading === 'boolean';

const code = (x: unknown) => obj(x) && str((x as CodeInputs).key) && arrayOf(arrayOf(str))((x as CodeInputs).files)
  && arrayOf(str)((x as CodeInputs).roots) && Array.isArray((x as CodeInputs).overrides);

const target = (x: unknown) => obj(x) && ((x as LensTarget).kind === 'handler' ? str((x as { functionName: unknown }).functionName)
  : (x as LensTarget).kind === 'line' && str((x as { file: unknown }).file) && int((x as { line: unknown }).line));

function question(q: Question): boolean {
  switch (q.kind) {
    case 'hasTrace': return str(q.id);
    case 'query': return str(q.text);
    case 'codeInfo': return code(q.code);
    case 'buildLensIndex': return code(q.code) && opt((r) => obj(r) && num((r as { startMs: unknown }).startMs) && num((r as { endMs: unknown }).endMs))(q.range)
      && opt(obj)(q.cost);
    case 'lensesFor': case 'exceptionsFor': return str(q.file);
    case 'functionAt': return str(q.file) && int(q.line);
    case 'tracesFor': return target(q.target);
    case 'explain': return opt(str)(q.file) && opt(str)(q.functionName);
    default: return true;
  }
}

export const ENGINE_PROTOCOL = defineProtocol<ToEngine, FromEngine>('engine', ENGINE_PROTOCOL_VERSION, {
  load: { requestId: int, plan: (x) => obj(x) && arrayOf(str)((x as LoadPlan).files) && str((x as LoadPlan).label) && opt(str)((x as LoadPlan).emptyReason) && opt(int)((x as LoadPlan).parseWorkers)
    && opt(obj)((x as LoadPlan).mask) && opt(obj)((x as LoadPlan).limits) },
  loadAws: { requestId: int, plan: (x) => obj(x) && arrayOf(str)((x as AwsLoadPlan).logGroups) && num((x as AwsLoadPlan).startMs) && num((x as AwsLoadPlan).endMs) },
  stopLive: {},
  loadLocal: { requestId: int, plan: (x) => obj(x) && str((x as LocalPlan).otlp) && str((x as LocalPlan).xray) && typeof (x as LocalPlan).listen === 'boolean'
    && opt(num)((x as LocalPlan).maxRequestBytes) && opt(num)((x as LocalPlan).budgetBytes) && opt(obj)((x as LocalPlan).mask) },
  stopLocal: {},
  openPanel: { panelId: int, kind: oneOf(PANEL_KINDS), state: opt(obj) },
  panel: { panelId: int, message: obj },
  panelCall: { panelId: int, name: oneOf(PANEL_CALLS), args: Array.isArray },
  closePanel: { panelId: int },
  ask: { requestId: int, question: (x) => obj(x) && oneOf(QUESTION_KINDS)((x as Question).kind) && question(x as Question) },
}, {
  state: { state },
  loaded: { requestId: int, state },
  localStatus: { status: (x) => obj(x) && oneOf(['running', 'stopped', 'failed'] as const)((x as LocalStatus).state) && obj((x as LocalStatus).received)
    && obj((x as LocalStatus).kept) && obj((x as LocalStatus).evicted) },
  panelPost: { panelId: int, messageType: str, json: str },
  effect: { panelId: int, name: str, args: Array.isArray },
  answer: { requestId: int, version: int, answer: () => true },
});
