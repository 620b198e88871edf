// What `activate()` returns: used by the integration tests, the bench and later issues' views.
import type { DatasetSnapshot } from '../engine/requests';
import type { LocalStatus, PanelKind } from '../engine/protocol';
import type { DataState, SourceInfo } from './dataSources';
import type { PanelState } from './explorerPanel';
import type { TestAnswer } from './security/prompt';

export interface TraceExplorerApi {
  /** Resolves when the first data load has finished (successfully or not). */
  whenReady(): Promise<void>;
  /** A plain copy of the loaded data, made in the engine worker (sample-sized test data; not for large loads). */
  getDataset(): Promise<DatasetSnapshot | undefined>;
  /** The engine's state as the host mirrors it (counts, loading, error, version). */
  getState(): DataState;
  /** Time spent in activate(), ms (performance.now()). */
  readonly activationMs: number;
  /** Opens the explorer on a trace (optionally selecting a span); resolves once the webview shows it. */
  openTrace(traceId: string, spanId?: string): Promise<void>;
  /** Open/ready state of the explorer panel and its current selection. */
  getPanelState(): PanelState;
  getSources(): readonly SourceInfo[];
  /** The local receiver's last state and counts from the engine (undefined: never started). */
  getLocalStatus(): LocalStatus | undefined;
  /** The message types the engine has posted to the panels of a kind (what host tests wait for). */
  getPanelMessages(kind: PanelKind): string[];
  /** The "Serverless Traces" side bar's groups and rows, as shown. */
  getSideBar(): Promise<{ group: string; items: { label: string; description?: string; tooltip?: string; arguments?: unknown[] }[] }[]>;
  /** Re-reads the current data source. */
  refresh(): Promise<void>;
  /** Only when the extension host runs extension tests: answers the modal security confirmations instead of a person. */
  testing?: { answerPrompts(answer: TestAnswer | undefined): void };
}
