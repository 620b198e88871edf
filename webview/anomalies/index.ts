// Entry point of the Anomalies webview bundle (dist/webview/anomalies.js).
// plotlyCsp must be evaluated before plotly.js (imported by ./app), so it is imported first.
import './plotlyCsp';
import { vscodeApi } from '../shared/vscodeApi';
import { App, SavedState } from './app';

const root = document.getElementById('app');
if (root) new App(root, vscodeApi<SavedState>()).start();
