// The lens index for the current data, code and time range: built once per change (data reload,
// workspace code change, setting change, time range change), shared by the lens and hover providers
// and the commands. Providers then only look a file up.
import * as vscode from 'vscode';
import type { Dataset } from '../../core/dataset';
import type { CodeMap } from '../../core/code/codeMap';
import type { LensIndex, TimeRange } from '../../core/code/lensIndex';
import type { DataSources } from '../dataSources';
import { log } from '../log';
import { costOptions, localPaths } from '../settings';
import type { CostOptions } from '../../core/cost/options';
import type { WorkspaceCode } from './workspaceCode';

export class LensModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when lenses may have changed: providers re-ask (onDidChangeCodeLenses). */
  readonly onDidChange = this.changed.event;
  private readonly built_ = new vscode.EventEmitter<void>();
  /** Fires when an index finished building (decorations draw from the built index only). */
  readonly onDidBuild = this.built_.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.built_];
  private built?: { ds: Dataset; code: CodeMap; range?: TimeRange; cost?: CostOptions; index: LensIndex };
  /** The cost options of the last build, per code map: new ones (a settings change) rebuild the index. */
  private cost?: { code: CodeMap; options: CostOptions };
  private range?: TimeRange;
  /** The dataset the last answer was given for (null: answered "no data"); undefined: no answer yet. */
  private answered?: Dataset | null;

  constructor(private readonly data: DataSources, readonly code: WorkspaceCode) {
    this.disposables.push(
      data.onDidChange(() => {
        // Re-ask only when an answer was given for other data. Every re-ask makes VS Code swap its lens
        // models, and a click landing in that swap runs a released command ("Actual command not found").
        if (this.answered !== undefined && (data.dataset ?? null) !== this.answered) this.changed.fire();
      }),
      code.onDidChange(() => this.changed.fire()),
    );
  }

  /** traceExplorer.cost.* changed: lenses show the new prices. */
  costSettingsChanged(): void {
    this.cost = undefined;
    this.changed.fire();
  }

  private costOptionsFor(code: CodeMap): CostOptions {
    if (this.cost?.code !== code) this.cost = { code, options: costOptions(code.declared) };
    return this.cost.options;
  }

  /** Restricts the numbers to a time range (undefined: all the data). */
  setTimeRange(range: TimeRange | undefined): void {
    if (range?.startMs === this.range?.startMs && range?.endMs === this.range?.endMs) return;
    this.range = range;
    this.changed.fire();
  }

  get timeRange(): TimeRange | undefined {
    return this.range;
  }

  /** The index already built for the current data, without loading or building anything. */
  peek(): LensIndex | undefined {
    const b = this.built;
    return b && b.ds === this.data.dataset && b.range === this.range && b.cost === this.cost?.options ? b.index : undefined;
  }

  /** The index for the current state; loads the data the first time. */
  async index(): Promise<LensIndex | undefined> {
    const { index, ds } = await this.indexNow();
    this.answered = ds;
    // Data that arrived while this answer was being built: ask again for it.
    if ((this.data.dataset ?? null) !== ds) this.changed.fire();
    return index;
  }

  private async indexNow(): Promise<{ index?: LensIndex; ds: Dataset | null }> {
    const code = await this.code.get();
    // Opening a JavaScript/Python file in a project that declares no functions and reads no trace
    // files is no reason to load data; lenses appear once the user loads some (onDidChange).
    if (!this.data.dataset && code.declared.length === 0 && localPaths().length === 0) return { ds: null };
    await this.data.whenReady();
    const ds = this.data.dataset;
    if (!ds) return { ds: null };
    const b = this.built;
    const range = this.range;
    const cost = this.costOptionsFor(code);
    if (b && b.ds === ds && b.code === code && b.range === range && b.cost === cost) return { index: b.index, ds };
    // One build at a time for a given state: every file opened meanwhile waits for the same index.
    if (!this.pending || this.pending.ds !== ds || this.pending.code !== code || this.pending.range !== range || this.pending.cost !== cost) {
      // The index code (and the stats and cost model below it) loads with the first index, not at activation.
      const index = Promise.all([import('../../core/code/lensIndex'), import('../../core/cost/model')]).then(([{ LensIndex }, { costModelFor }]) =>
        LensIndex.buildAsync(ds, code, { range, cost: costModelFor(ds, cost) })).then((index) => {
        this.built = { ds, code, range, cost, index };
        log().info(`Code lenses indexed: ${index.files.length} files in ${index.buildMs.toFixed(1)} ms`);
        this.built_.fire();
        return index;
      });
      this.pending = { ds, code, range, cost, index };
    }
    return { index: await this.pending.index, ds };
  }

  private pending?: { ds: Dataset; code: CodeMap; range?: TimeRange; cost?: CostOptions; index: Promise<LensIndex> };

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
