// Theme colours for canvas drawing. CSS can use var(--vscode-*) directly; a canvas needs concrete
// colours, re-read whenever VS Code switches theme (it changes the body's class).

export interface Theme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  fontFamily: string;
  fontSize: number;
  fg: string;
  muted: string;
  bg: string;
  grid: string;
  /** Empty in high-contrast themes (no selection fill there: an outline marks it). */
  selection: string;
  selectionFg: string;
  hover: string;
  focus: string;
  error: string;
  warning: string;
  critical: string;
  /** Set only in high-contrast themes: outline everything with it. */
  contrastBorder: string;
  /** Search matches: the editor's find-match highlight (and its border, set in high-contrast themes). */
  match: string;
  matchBorder: string;
  /** Colour per service type, in SERVICE_TYPES order. */
  serviceColors: string[];
}

// Neighbouring types get hues far apart (Lambda orange next to AWS purple), in every theme.
const SERVICE_VARS: [string, string][] = [
  ['--vscode-charts-orange', '#d18616'],       // function
  ['--vscode-charts-purple', '#b180d7'],       // aws
  ['--vscode-charts-blue', '#3794ff'],         // http
  ['--vscode-charts-yellow', '#cca700'],       // database
  ['--vscode-charts-green', '#89d185'],        // queue
  ['--vscode-terminal-ansiCyan', '#11a8cd'],   // topic
  ['--vscode-terminal-ansiMagenta', '#bc3fbc'],// client
  ['--vscode-charts-foreground', '#a0a0a0'],   // service
];

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const cls = document.body.classList;
  const kind: Theme['kind'] = cls.contains('vscode-high-contrast-light') ? 'high-contrast-light'
    : cls.contains('vscode-high-contrast') ? 'high-contrast'
      : cls.contains('vscode-light') ? 'light' : 'dark';
  const fg = v('--vscode-foreground', kind === 'light' ? '#333333' : '#cccccc');
  const hc = kind === 'high-contrast' || kind === 'high-contrast-light';
  return {
    kind,
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '13px')) || 13,
    fg,
    muted: v('--vscode-descriptionForeground', fg),
    bg: v('--vscode-editor-background', kind === 'light' ? '#ffffff' : '#1e1e1e'),
    grid: v('--vscode-editorIndentGuide-background1', v('--vscode-panel-border', '#80808040')),
    // High contrast themes have no selection fill (the variable is empty): the selection is an outline in the
    // theme's contrast border there, never a fallback colour band.
    selection: v('--vscode-list-activeSelectionBackground', hc ? '' : '#0060c0'),
    selectionFg: v('--vscode-list-activeSelectionForeground', fg),
    hover: v('--vscode-list-hoverBackground', '#80808020'),
    focus: v('--vscode-focusBorder', v('--vscode-contrastActiveBorder', '#007fd4')),
    error: v('--vscode-errorForeground', '#f14c4c'),
    warning: v('--vscode-editorWarning-foreground', '#cca700'),
    critical: v('--vscode-editor-foreground', fg),
    contrastBorder: v('--vscode-contrastBorder', ''),
    match: v('--vscode-editor-findMatchHighlightBackground', '#ea5c0055'),
    matchBorder: v('--vscode-editor-findMatchHighlightBorder', ''),
    serviceColors: SERVICE_VARS.map(([name, fallback]) => v(name, fallback)),
  };
}

/** Calls back when VS Code changes the theme (body class / theme attributes). Returns a disposer. */
export function onThemeChange(callback: () => void): () => void {
  const observer = new MutationObserver(() => callback());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-id'] });
  // The --vscode-* variables themselves are set on <html>'s style attribute.
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}
