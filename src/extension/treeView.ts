// The "Serverless Traces" side bar: data sources, functions (invocations / errors),
// recent traces and slowest traces. Trace items open the explorer on that trace. The rows are the engine worker's
// answer to `tree` (src/engine/treeRows.ts), asked once per data version.
import * as vscode from 'vscode';
import type { FunctionRow, TraceRow, TreeRows } from '../engine/treeRows';
import { formatDuration, formatUtc, plural } from '../common/format';
import type { DataSources, SourceInfo } from './dataSources';
import { CommandId } from './commandIds';

const SOURCE_ICONS: Record<string, string> = { sample: 'beaker', local: 'folder-library', aws: 'cloud' };

type Node =
  | { kind: 'group'; id: 'sources' | 'functions' | 'recent' | 'slowest'; label: string }
  | { kind: 'source'; source: SourceInfo }
  | { kind: 'function'; fn: FunctionRow }
  | { kind: 'trace'; trace: TraceRow; group: string }
  | { kind: 'message'; text: string; icon?: string };

export class TraceTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;
  private rows?: { version: number; rows: Promise<TreeRows | undefined> };

  constructor(private readonly data: DataSources) {
    this.sub = data.onDidChange(() => this.changed.fire(undefined));
  }

  dispose(): void { this.sub.dispose(); this.changed.dispose(); }

  /** The engine's rows for the current data (undefined while nothing is loaded). */
  private treeRows(): Promise<TreeRows | undefined> {
    const state = this.data.current;
    if (this.rows?.version !== state.version) {
      const rows = state.traces + state.invocations + state.spans === 0 && (state.loading || state.error)
        ? Promise.resolve(undefined)
        : this.data.engine().ask({ kind: 'tree' }).catch(() => undefined); // a worker that died: the restart re-fires
      this.rows = { version: state.version, rows };
    }
    return this.rows.rows;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      void this.data.whenReady(); // opening the view is what starts the first load
      return [
        { kind: 'group', id: 'sources', label: 'Data Sources' },
        { kind: 'group', id: 'functions', label: 'Functions' },
        { kind: 'group', id: 'recent', label: 'Recent Traces' },
        { kind: 'group', id: 'slowest', label: 'Slowest Traces' },
      ];
    }
    if (node.kind !== 'group') return [];
    const state = this.data.current;
    if (node.id === 'sources') {
      const items: Node[] = this.data.sources.map((source) => ({ kind: 'source', source }));
      if (state.loading) items.push({ kind: 'message', text: 'Loading…', icon: 'loading~spin' });
      if (state.error) items.push({ kind: 'message', text: state.error, icon: 'warning' });
      return items;
    }
    const rows = await this.treeRows();
    if (!rows) return [{ kind: 'message', text: state.loading ? 'Loading…' : 'No data loaded', icon: state.loading ? 'loading~spin' : 'info' }];
    if (node.id === 'functions') {
      if (rows.functions.length === 0) return [{ kind: 'message', text: 'No Lambda functions in this data', icon: 'info' }];
      return rows.functions.map((fn) => ({ kind: 'function', fn }));
    }
    const traces = node.id === 'recent' ? rows.recent : rows.slowest;
    if (traces.length === 0) return [{ kind: 'message', text: 'No traces in this data', icon: 'info' }];
    return traces.map((trace) => ({ kind: 'trace', trace, group: node.id }));
  }

  /** The side bar as a person reads it, group by group (the API's getSideBar(), for the host tests). */
  async readAll(): Promise<{ group: string; items: { label: string; description?: string; tooltip?: string; arguments?: unknown[] }[] }[]> {
    const out = [];
    for (const g of await this.getChildren()) {
      const items = [];
      for (const c of await this.getChildren(g)) {
        const it = this.getTreeItem(c);
        const text = (x: unknown) => (typeof x === 'string' ? x : x instanceof vscode.MarkdownString ? x.value : undefined);
        items.push({ label: text(it.label) ?? '', description: text(it.description), tooltip: text(it.tooltip), arguments: it.command?.arguments });
      }
      out.push({ group: (g as { label: string }).label, items });
    }
    return out;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.label, node.id === 'sources' || node.id === 'slowest' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `group:${node.id}`;
        item.contextValue = `group-${node.id}`;
        return item;
      }
      case 'source': {
        const s = node.source;
        const item = new vscode.TreeItem(s.label, vscode.TreeItemCollapsibleState.None);
        // The receiver is a local source without files: its addresses say enough.
        item.description = s.kind === 'local' && s.id !== 'local-receiver' ? `${plural(s.fileCount, 'file')} · ${s.detail}` : s.detail;
        item.iconPath = new vscode.ThemeIcon(SOURCE_ICONS[s.kind] ?? 'database');
        item.tooltip = `${s.label}: ${s.detail}`;
        item.contextValue = `source-${s.kind}`;
        item.command = { command: CommandId.open, title: 'Open Trace Explorer' };
        return item;
      }
      case 'function': {
        const f = node.fn;
        const item = new vscode.TreeItem(f.name, vscode.TreeItemCollapsibleState.None);
        item.id = `fn:${f.name}`;
        item.description = `${plural(f.invocations, 'invocation')} · ${plural(f.errors + f.timeouts + f.crashes, 'error')}`;
        item.iconPath = new vscode.ThemeIcon(f.errors + f.timeouts + f.crashes > 0 ? 'symbol-function' : 'symbol-method',
          f.errors + f.timeouts + f.crashes > 0 ? new vscode.ThemeColor('list.errorForeground') : undefined);
        item.tooltip = new vscode.MarkdownString(
          `**${escapeMd(f.name)}**\n\n${f.invocations} invocations, ${f.errors} errors, ${f.timeouts} timeouts, ${f.crashes} crashes, ${f.coldStarts} cold starts`);
        item.contextValue = 'function';
        item.command = { command: CommandId.showFunction, title: 'Show Traces', arguments: [f.name] };
        return item;
      }
      case 'trace': {
        const t = node.trace;
        const item = new vscode.TreeItem(t.rootName || t.traceId, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.group}:${t.traceId}`;
        const errors = t.errorCount > 0 ? ` · ${plural(t.errorCount, 'error')}` : '';
        item.description = `${formatDuration(t.durationMs)}${errors}`;
        item.iconPath = new vscode.ThemeIcon(t.errorCount > 0 ? 'error' : 'pass', new vscode.ThemeColor(t.errorCount > 0 ? 'list.errorForeground' : 'testing.iconPassed'));
        item.tooltip = `${t.rootService} ${t.rootName}\n${formatUtc(t.startMs)} · ${formatDuration(t.durationMs)} · ${plural(t.spanCount, 'span')}${errors}\n${t.traceId}`;
        item.accessibilityInformation = { label: `${t.rootName}, ${formatDuration(t.durationMs)}${errors}` };
        item.contextValue = 'trace';
        item.command = { command: CommandId.openTrace, title: 'Open Trace', arguments: [t.traceId] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
    }
  }
}


function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
