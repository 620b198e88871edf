// The palette's query commands: Find Slow / Errors / Cold Starts / Timeouts, Open Trace by ID,
// Query Traces, Save Query; results in a Quick Pick and in the "Query Results" view. The queries run in the engine
// worker (src/engine/requests.ts); the host parses the text again only to present the results.
import * as vscode from 'vscode';
import { normalizeTraceId } from '../../core/ids';
import type { ItemKind, QueryResult, QueryRun } from '../../core/query';
import type { EngineClient } from '../../engine/client';
import type { InsightsLine } from '../../engine/requests';
import { log } from '../log';
import { pushHistory, readSavedQueries, removeSavedQuery, SavedQuery, upsertSavedQuery } from './logic/history';
import { coldStartsQuery, errorsQuery, slowQuery, timeoutsQuery } from './logic/presets';
import { QueryResultsTree } from './resultsTree';
import { CommandId } from '../commandIds';

// The query parser and the Quick Pick steps load with the first command that needs them.
const queryParser = () => import('../../core/query/parser');
const pickers = () => import('./pickers');

const HISTORY_KEY = 'traceExplorer.queryHistory';
const SAVED_SETTING = 'savedQueries';

export interface QueryCommands {
  /** The last query run (for tests and other views). */
  lastRun(): QueryRun | undefined;
}

export function registerQueryCommands(context: vscode.ExtensionContext, getEngine: () => Promise<EngineClient>): QueryCommands {
  const savedQueries = (): SavedQuery[] => readSavedQueries(vscode.workspace.getConfiguration('traceExplorer').get(SAVED_SETTING));
  const tree = new QueryResultsTree(savedQueries);
  let last: QueryRun | undefined;

  /** Runs in the engine, updates history and the view, logs the Insights equivalent, shows the results. */
  const runAndShow = async (engine: EngineClient, text: string, title: string): Promise<void> => {
    const answer = await engine.ask({ kind: 'query', text });
    if (!answer.ok) {
      if (answer.error === 'no data is loaded yet') void vscode.window.showWarningMessage('Serverless Traces: no data is loaded yet.');
      else void vscode.window.showErrorMessage(`Query: ${answer.error}`);
      return;
    }
    const { parseQuery } = await queryParser();
    const { showResults } = await pickers();
    const run: QueryRun = { query: parseQuery(text), kind: answer.kind as ItemKind, results: answer.results, truncated: answer.truncated, nowMs: answer.nowMs, elapsedMs: answer.elapsedMs };
    last = run;
    tree.setRun(run);
    await context.workspaceState.update(HISTORY_KEY, pushHistory(history(), text));
    logRun(run, answer.insights);
    if (run.results.length === 0) {
      void vscode.window.showInformationMessage(`No ${run.kind}s match "${text}".`);
      return;
    }
    const picked = await showResults(run, title);
    if (picked) await openResult(picked);
  };

  const history = (): string[] => context.workspaceState.get<string[]>(HISTORY_KEY) ?? [];

  const findWith = (title: string, build: (fn?: string) => string) => async (): Promise<void> => {
    const engine = await getEngine();
    const { pickFunction } = await pickers();
    const fn = await pickFunction(await engine.ask({ kind: 'functionPicks' }), title);
    if (fn === null) return;
    await runAndShow(engine, build(fn), title);
  };

  context.subscriptions.push(
    tree,
    vscode.window.createTreeView('traceExplorer.queryResults', { treeDataProvider: tree }),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(`traceExplorer.${SAVED_SETTING}`)) tree.refresh(); }),
    vscode.commands.registerCommand('traceExplorer.findSlow', async () => {
      const title = 'Find Slow Invocations';
      const engine = await getEngine();
      const { pickFunction, pickSlowThreshold } = await pickers();
      const fn = await pickFunction(await engine.ask({ kind: 'functionPicks' }), title);
      if (fn === null) return;
      const threshold = await pickSlowThreshold(title);
      if (!threshold) return;
      await runAndShow(engine, slowQuery(fn, threshold), title);
    }),
    vscode.commands.registerCommand('traceExplorer.findErrors', findWith('Find Errors', errorsQuery)),
    vscode.commands.registerCommand('traceExplorer.findColdStarts', findWith('Find Cold Starts', coldStartsQuery)),
    vscode.commands.registerCommand('traceExplorer.findTimeouts', findWith('Find Timeouts', timeoutsQuery)),
    vscode.commands.registerCommand('traceExplorer.openTraceById', async (arg?: unknown) => {
      const raw = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
        title: 'Open Trace by ID', prompt: 'X-Ray (1-5cc6da37-fbb4e1686b513a8a3dbab690) or W3C (32 hex digits) trace id',
        validateInput: (v) => (normalizeTraceId(v.trim()) ? undefined : 'Not a trace id: expected 1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx or 32 hex digits'),
      });
      if (raw === undefined) return;
      const id = normalizeTraceId(raw.trim());
      if (!id) return;
      const engine = await getEngine();
      if (!(await engine.ask({ kind: 'hasTrace', id }))) {
        void vscode.window.showWarningMessage(`Trace ${raw.trim()} is not in the loaded data.`);
        return;
      }
      await vscode.commands.executeCommand(CommandId.openTrace, id);
    }),
    vscode.commands.registerCommand(CommandId.query, async (arg?: unknown) => {
      const engine = await getEngine();
      const text = typeof arg === 'string' ? arg : await (await pickers()).inputQuery(await engine.ask({ kind: 'vocabulary' }), history(), savedQueries());
      if (text === undefined) return;
      await runAndShow(engine, text, 'Query Traces');
    }),
    vscode.commands.registerCommand('traceExplorer.saveQuery', async (arg?: unknown) => {
      const { parseQuery } = await queryParser();
      const text = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
        title: 'Save Query', prompt: 'Query to save', value: last?.query.source ?? history()[0] ?? '',
        validateInput: (v) => { try { parseQuery(v); return undefined; } catch (e) { return (e as Error).message; } },
      });
      if (text === undefined) return;
      const name = await vscode.window.showInputBox({ title: 'Save Query', prompt: 'Name', value: text.slice(0, 40) });
      if (!name) return;
      const config = vscode.workspace.getConfiguration('traceExplorer');
      const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      // The tree refreshes on the configuration change (onDidChangeConfiguration above).
      await config.update(SAVED_SETTING, upsertSavedQuery(savedQueries(), { name, query: text }), target);
    }),
    vscode.commands.registerCommand('traceExplorer.deleteSavedQuery', async (arg?: unknown) => {
      // From the view: the item's node; from the palette: pick one.
      const saved = savedQueries();
      const name = savedName(arg) ?? (await vscode.window.showQuickPick(
        saved.map((q) => ({ label: q.name, description: q.query })),
        { title: 'Delete Saved Query', placeHolder: saved.length ? 'Saved query to delete' : 'No saved queries' },
      ))?.label;
      if (name !== undefined) await deleteSaved(name);
    }),
    vscode.commands.registerCommand(CommandId.openQueryResult, (r: QueryResult) => openResult(r)),
  );
  return { lastRun: () => last };
}

/** A saved query's name from a command argument: the name itself, or the view's tree node. */
function savedName(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const saved = (arg as { saved?: { name?: unknown } } | undefined)?.saved;
  return typeof saved?.name === 'string' ? saved.name : undefined;
}

/** Removes the query from each settings scope that holds it (a name can be saved both per workspace and per user). */
async function deleteSaved(name: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('traceExplorer');
  const seen = config.inspect<unknown>(SAVED_SETTING);
  const scopes: [unknown, vscode.ConfigurationTarget][] = [
    [seen?.workspaceValue, vscode.ConfigurationTarget.Workspace],
    [seen?.globalValue, vscode.ConfigurationTarget.Global],
  ];
  let removed = false;
  for (const [value, target] of scopes) {
    const list: unknown[] = Array.isArray(value) ? value : [];
    const kept = removeSavedQuery(list, name);
    if (kept.length === list.length) continue;
    await config.update(SAVED_SETTING, kept.length ? kept : undefined, target);
    removed = true;
  }
  if (!removed) void vscode.window.showWarningMessage(`No saved query is named "${name}".`);
}

async function openResult(r: QueryResult): Promise<void> {
  if (!r.traceId) {
    void vscode.window.showInformationMessage(`Request ${r.requestId} has no trace: its logs carry no trace id.`);
    return;
  }
  await vscode.commands.executeCommand(CommandId.openTrace, r.traceId, r.spanId);
}

/** The run, and the Logs Insights query that would answer it on CloudWatch, so users can learn and reuse it. */
function logRun(run: QueryRun, t: InsightsLine): void {
  const out = log();
  out.info(`Query "${run.query.source}": ${run.results.length}${run.truncated ? '+' : ''} ${run.kind}(s) in ${run.elapsedMs.toFixed(1)} ms (relative times from ${new Date(run.nowMs).toISOString()}, the latest timestamp in the data)`);
  const groups = t.logGroups.length ? t.logGroups.join(', ') : `log groups starting with ${t.logGroupPrefixes.join(', ')}`;
  out.info(`  Logs Insights (${groups}; ${new Date(t.startTime * 1000).toISOString()} .. ${new Date(t.endTime * 1000).toISOString()}):\n  ${t.queryString}${t.residual ? `\n  evaluated locally: ${t.residual}` : ''}`);
}
