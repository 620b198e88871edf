// Where things open. Panels open in the group the user works in, never in the narrow group beside them that
// holds the code a span click opened; a span's code always opens in that one group beside the panels, so
// clicking span after span reuses it instead of adding a group each time the focus happened to be elsewhere.
import * as vscode from 'vscode';

/** The panels' webview types (the tab's viewType may carry a prefix, hence endsWith). */
const PANEL_TYPES = ['traceExplorer.explorer', 'traceExplorer.architecture', 'traceExplorer.anomalies'];

/** The group the last span's code opened in. */
let sourceColumn: vscode.ViewColumn | undefined;

function holdsPanel(g: vscode.TabGroup): boolean {
  return g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && PANEL_TYPES.some((v) => (t.input as vscode.TabInputWebview).viewType.endsWith(v)));
}

/** The column a new panel opens in: the active group, unless that is the side group of opened code. */
export function panelColumn(): vscode.ViewColumn {
  const groups = vscode.window.tabGroups;
  if (sourceColumn === undefined || groups.activeTabGroup.viewColumn !== sourceColumn) return vscode.ViewColumn.Active;
  const main = groups.all.find((g) => g.viewColumn !== sourceColumn && holdsPanel(g)) ?? groups.all.find((g) => g.viewColumn !== sourceColumn);
  return main ? main.viewColumn : vscode.ViewColumn.Active;
}

/** The column a span's code opens in: the group used last time while it exists, else the one right of the panels. */
export function sourceColumnBesidePanels(): vscode.ViewColumn {
  const groups = vscode.window.tabGroups;
  if (sourceColumn !== undefined && groups.all.some((g) => g.viewColumn === sourceColumn && !holdsPanel(g))) return sourceColumn;
  const panels = groups.all.filter(holdsPanel);
  const right = panels.length > 0 ? Math.max(...panels.map((g) => g.viewColumn)) : groups.activeTabGroup.viewColumn;
  // A column number past the last group makes VS Code add a group there.
  return right + 1;
}

/** Remembers the group the code opened in (the editor's column once shown). */
export function sourceOpenedIn(column: vscode.ViewColumn | undefined): void {
  sourceColumn = column;
}
