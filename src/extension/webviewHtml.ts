// The HTML shell of every webview: strict CSP with a per-load nonce, one bundled script, the shared stylesheets and the panel's own.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

export type WebviewApp = 'explorer' | 'architecture' | 'anomalies';

/** Roots a webview may load from: the bundles and the stylesheets/icons, nothing else. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, app: WebviewApp, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${app}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', `${app}.css`));
  // The page's theme colours and fonts, focus rings, screen-reader text and the keyboard reference: the same in every panel.
  const base = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'base.css'));
  const shared = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'a11y.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${base}">
<link rel="stylesheet" href="${shared}">
<link rel="stylesheet" href="${style}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app" class="app-${app}"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
