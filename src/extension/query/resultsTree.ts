// The "Query Results" view: saved queries (from settings) and the results of the last query run.
import * as vscode from 'vscode';
import type { QueryRun, QueryResult } from '../../core/query';
import { presentResult } from './logic/present';
import type { SavedQuery } from './logic/history';
import { CommandId } from '../commandIds';

type Node =
  | { kind: 'saved-group' }
  | { kind: 'results-group' }
  | { kind: 'saved'; saved: SavedQuery }
  | { kind: 'result'; result: QueryResult }
  | { kind: 'message'; text: string };

/** Results beyond this are in the Quick Pick / CLI; a tree of thousands of rows helps nobody. */
const TREE_MAX = 500;

export class QueryResultsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private run?: QueryRun;

  constructor(private readonly saved: () => SavedQuery[]) {}

  dispose(): void { this.changed.dispose(); }

  setRun(run: QueryRun): void {
    this.run = run;
    this.changed.fire(undefined);
  }

  refresh(): void { this.changed.fire(undefined); }

  getChildren(node?: Node): Node[] {
    if (!node) return [{ kind: 'saved-group' }, { kind: 'results-group' }];
    if (node.kind === 'saved-group') {
      const list = this.saved();
      return list.length ? list.map((saved) => ({ kind: 'saved', saved })) : [{ kind: 'message', text: 'No saved queries: run "Save Query"' }];
    }
    if (node.kind === 'results-group') {
      if (!this.run) return [{ kind: 'message', text: 'Run "Query Traces..." or a "Find ..." command' }];
      if (this.run.results.length === 0) return [{ kind: 'message', text: 'No matches' }];
      return this.run.results.slice(0, TREE_MAX).map((result) => ({ kind: 'result', result }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'saved-group': {
        const item = new vscode.TreeItem('Saved Queries', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'query:saved';
        return item;
      }
      case 'results-group': {
        const r = this.run;
        const item = new vscode.TreeItem(r ? `Results: ${r.query.source || '(everything)'}` : 'Results', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `query:results:${r?.query.source ?? ''}:${r?.nowMs ?? 0}`;
        if (r) item.description = `${r.results.length}${r.truncated ? '+' : ''} ${r.kind}${r.results.length === 1 ? '' : 's'}`;
        return item;
      }
      case 'saved': {
        const item = new vscode.TreeItem(node.saved.name, vscode.TreeItemCollapsibleState.None);
        item.description = node.saved.query;
        item.tooltip = node.saved.query;
        item.iconPath = new vscode.ThemeIcon('bookmark');
        item.contextValue = 'savedQuery';
        item.command = { command: CommandId.query, title: 'Run Query', arguments: [node.saved.query] };
        return item;
      }
      case 'result': {
        const t = presentResult(node.result, this.run?.query);
        const item = new vscode.TreeItem({ label: t.label, highlights: t.highlights }, vscode.TreeItemCollapsibleState.None);
        item.description = t.description;
        item.tooltip = [t.label, t.description, t.detail, node.result.traceId ? `trace ${node.result.traceId}` : `request ${node.result.requestId}`].filter(Boolean).join('\n');
        item.iconPath = new vscode.ThemeIcon(t.icon);
        item.command = { command: CommandId.openQueryResult, title: 'Open Trace', arguments: [node.result] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }
}
