// Anomalies webview: filled in by a later issue.
import { comingSoon } from '../shared/comingSoon';

comingSoon('Anomalies', 'Latency and error anomaly detection is coming soon.');
