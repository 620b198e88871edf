// Entry point of the Trace Explorer webview bundle (dist/webview/explorer.js).
import { vscodeApi } from '../shared/vscodeApi';
import { App, SavedState } from './app';

const root = document.getElementById('app');
if (root) new App(root, vscodeApi<SavedState>()).start();
