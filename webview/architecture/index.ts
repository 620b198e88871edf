// Entry point of the Architecture webview bundle (dist/webview/architecture.js).
import { vscodeApi } from '../shared/vscodeApi';
import { GraphApp, SavedState } from './app';

const root = document.getElementById('app');
if (root) new GraphApp(root, vscodeApi<SavedState>()).start();
