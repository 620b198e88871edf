// What the data sources hold and every panel controller reads: the loaded dataset and its status.
// Kept apart from dataSources.ts (which needs vscode) so pure controllers and the engine can import it.
import type { Dataset } from '../core/dataset';

export interface DatasetState {
  dataset?: Dataset;
  sourceLabel: string;
  loading: boolean;
  error?: string;
  /** Bumped on every (re)load. */
  version: number;
}
