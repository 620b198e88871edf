// `traceExplorer.graph.*` settings: colour thresholds of the architecture view and its large-graph switch.
import * as vscode from 'vscode';
import { DEFAULT_GRAPH_SETTINGS, GraphSettings } from '../../protocol/architecture';

const SECTION = 'traceExplorer.graph';

export function graphSettings(): GraphSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const num = (key: keyof GraphSettings, min: number, max: number): number => {
    const v = c.get<unknown>(key);
    return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : DEFAULT_GRAPH_SETTINGS[key];
  };
  return {
    errorRateWarning: num('errorRateWarning', 0, 1),
    errorRateCritical: num('errorRateCritical', 0, 1),
    p95WarningMs: num('p95WarningMs', 0, 3_600_000),
    p95CriticalMs: num('p95CriticalMs', 0, 3_600_000),
    largeGraphThreshold: Math.round(num('largeGraphThreshold', 0, 1_000_000)),
  };
}

export function affectsGraphSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
