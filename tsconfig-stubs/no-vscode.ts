// Stands in for the 'vscode' module in the layers that must not use it (their tsconfig maps 'vscode' here):
// any import of 'vscode' from src/core, src/cli, src/protocol, src/common or webview/ fails to compile on this line.
export {};
const layerRule: 'this layer must not import vscode: see docs/ARCHITECTURE.md' = 'vscode';
