// Quick Pick steps of the palette commands: function, threshold, query input, results.
import * as vscode from 'vscode';
import { QueryError } from '../../core/query/errors';
import { parseQuery } from '../../core/query/parser';
import type { QueryResult, QueryRun } from '../../core/query';
import type { FunctionPicks } from '../../engine/requests';
import { complete } from './logic/completion';
import { formatDuration } from '../../common/format';
import { presentResult } from './logic/present';
import { parseThreshold, SlowThreshold } from './logic/presets';
import type { SavedQuery } from './logic/history';
import type { Vocabulary } from './logic/vocabulary';

/** Results shown in the Quick Pick; the tree and the CLI have the rest. */
const PICK_MAX = 500;

type Pick<T> = vscode.QuickPickItem & { value: T };

/** "All functions" (undefined) or one function, with its invocation count and p95. Null when cancelled. */
export async function pickFunction(picks: FunctionPicks, title: string): Promise<string | undefined | null> {
  if (picks.functions.length === 0) return undefined; // span-only data: no function step
  const items: Pick<string | undefined>[] = [
    { label: '$(list-flat) All functions', description: `${picks.invocations} invocations`, value: undefined },
    ...picks.functions.map((g) => ({
      label: `$(symbol-function) ${g.function}`,
      description: `${g.invocations} invocations · p95 ${formatDuration(g.p95Ms)}`,
      value: g.function ?? undefined,
    })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Function', matchOnDescription: true });
  return pick ? pick.value : null;
}

export async function pickSlowThreshold(title: string): Promise<SlowThreshold | undefined> {
  type Kind = 'p95' | 'p99' | 'value' | 'top';
  const items: Pick<Kind>[] = [
    { label: 'Above p95', description: "slower than 95% of the same function's invocations", value: 'p95' },
    { label: 'Above p99', description: "slower than 99% of the same function's invocations", value: 'p99' },
    { label: 'Slower than…', description: 'a duration you type, e.g. 800ms or 1.5s', value: 'value' },
    { label: 'Top N slowest…', description: 'the N slowest, whatever their duration', value: 'top' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Threshold' });
  if (!pick) return undefined;
  if (pick.value === 'p95' || pick.value === 'p99') return { kind: 'percentile', p: pick.value === 'p95' ? 95 : 99 };
  if (pick.value === 'value') {
    const text = await vscode.window.showInputBox({
      title, prompt: 'Slower than (ms, s or m; a bare number is ms)', value: '1s',
      validateInput: (v) => (parseThreshold(v) === undefined ? 'Type a duration like 800ms, 1.5s or 2m' : undefined),
    });
    const ms = text === undefined ? undefined : parseThreshold(text);
    return ms === undefined ? undefined : { kind: 'value', ms };
  }
  const n = await vscode.window.showInputBox({
    title, prompt: 'How many of the slowest?', value: '20',
    validateInput: (v) => (/^\s*[1-9]\d*\s*$/.test(v) ? undefined : 'Type a positive whole number'),
  });
  return n === undefined ? undefined : { kind: 'top', n: Number(n) };
}

type InputItem = vscode.QuickPickItem & { action: 'run' | 'complete'; query: string };

/**
 * The query box: typing shows completions (fields, then values seen in the data); empty, it shows
 * recent and saved queries. Accepting a completion puts it in the box; accepting "Run" runs.
 */
export function inputQuery(vocab: Vocabulary, history: readonly string[], saved: readonly SavedQuery[], initial = ''): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<InputItem>();
  qp.title = 'Query Traces';
  qp.placeholder = 'e.g. function:orders-* duration>p95 status:error since:1h sort:duration desc';
  qp.value = initial;
  const update = (): void => {
    const text = qp.value;
    const items: InputItem[] = [runItem(text)];
    if (text.trim() === '') {
      items.push(...history.map((h) => ({ label: `$(history) ${h}`, description: 'recent', action: 'run' as const, query: h, alwaysShow: true })));
      items.push(...saved.map((s) => ({ label: `$(bookmark) ${s.name}`, description: s.query, action: 'run' as const, query: s.query, alwaysShow: true })));
    }
    for (const s of complete(text, vocab)) items.push({ label: s.label, description: s.description, action: 'complete', query: s.query, alwaysShow: true });
    qp.items = items;
  };
  update();
  return new Promise((resolve) => {
    let done = false;
    qp.onDidChangeValue(update);
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!item) return;
      if (item.action === 'complete') { qp.value = item.query; update(); return; }
      if (item.description?.startsWith('$(error)')) return; // keep the box open on a parse error
      done = true;
      resolve(item.query);
      qp.hide();
    });
    qp.onDidHide(() => { if (!done) resolve(undefined); qp.dispose(); });
    qp.show();
  });
}

function runItem(text: string): InputItem {
  try {
    parseQuery(text);
    return { label: `$(play) Run: ${text || '(everything)'}`, action: 'run', query: text, alwaysShow: true };
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    return { label: `$(play) Run: ${text}`, description: `$(error) ${err.message}`, action: 'run', query: text, alwaysShow: true };
  }
}

/** The results as a Quick Pick; resolves with the one picked (or undefined). */
export async function showResults(run: QueryRun, title: string): Promise<QueryResult | undefined> {
  const shown = run.results.slice(0, PICK_MAX);
  const items: Pick<QueryResult>[] = shown.map((r) => {
    const t = presentResult(r, run.query);
    return { label: t.label, description: t.description, detail: t.detail, iconPath: new vscode.ThemeIcon(t.icon), value: r };
  });
  const more = run.results.length > shown.length || run.truncated ? '+' : '';
  const pick = await vscode.window.showQuickPick(items, {
    title: `${title}: ${run.results.length}${more} ${run.kind}${run.results.length === 1 ? '' : 's'} (${run.query.source})`,
    placeHolder: 'Filter the results; Enter opens the trace with this span selected',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick?.value;
}
