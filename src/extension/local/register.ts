// The local receiver in the editor (docs/receive.md): start / stop commands, a status bar item with its state and
// counts, "copy environment for local runs", start with the workspace (trusted workspaces only). The receiver itself
// runs in the engine worker, next to the Dataset (DataSources.setExternal with a LocalExternal): this file only sends
// the plan and shows the engine's `localStatus`.
import * as vscode from 'vscode';
import type { DataSources, LocalExternal } from '../dataSources';
import type { LocalStatus } from '../../engine/protocol';
import { log } from '../log';
import { SECTION } from '../settings';
import { plural } from '../../common/format';
import { affectsLocal, liveMemoryBudgetBytes, localSettings } from './settings';
import { EnvironmentKind, environmentFor } from './environment';

export const LocalCommand = {
  start: 'traceExplorer.local.start',
  stop: 'traceExplorer.local.stop',
  copyEnvironment: 'traceExplorer.local.copyEnvironment',
} as const;

const LABEL = 'Local runs (receiver)';

export function registerLocal(context: vscode.ExtensionContext, data: DataSources): { status(): LocalStatus | undefined } {
  const item = vscode.window.createStatusBarItem('traceExplorer.local', vscode.StatusBarAlignment.Left, 19);
  item.name = 'Serverless Traces: local receiver';
  /** The source while the receiver runs (or ran, until another source replaces it). */
  let current: LocalExternal | undefined;
  let status: LocalStatus | undefined;

  const running = () => status?.state === 'running' && current !== undefined && data.externalSource === current;

  const render = () => {
    if (!running()) {
      item.text = '$(debug-disconnect) Local: off';
      item.tooltip = 'Serverless Traces local receiver (OTLP/HTTP + X-Ray UDP) is stopped. Click to start it.';
      item.command = LocalCommand.start;
      item.accessibilityInformation = { label: 'Serverless Traces local receiver stopped; activate to start it' };
      return;
    }
    const s = status!;
    const r = s.received;
    const dropped = s.evicted.traces > 0 ? `${plural(s.evicted.traces, 'older trace')} dropped` : '';
    item.text = `$(radio-tower) Local: ${plural(r.spans, 'span')}, ${plural(r.logs, 'log')}${dropped ? ` · ${dropped}` : ''}`;
    const refused = Object.entries(r.refused).map(([k, n]) => `${k} ×${n}`).join(', ');
    item.tooltip = [
      `Receiving on ${[s.otlp && `OTLP/HTTP ${s.otlp}`, s.xray && `X-Ray UDP ${s.xray}`].filter(Boolean).join(', ')}`,
      `Received ${plural(r.spans, 'span')}, ${plural(r.logs, 'log record')} in ${plural(r.requests, 'request')} and ${plural(r.datagrams, 'datagram')}`,
      `Shown: ${plural(s.kept.traces, 'trace')}, ${plural(s.kept.spans, 'span')}`,
      dropped && `${dropped} (traceExplorer.live.memoryBudgetMb)`,
      refused && `Refused: ${refused} (last: ${r.lastError})`,
      'Click to stop.',
    ].filter(Boolean).join('\n');
    item.command = LocalCommand.stop;
    item.accessibilityInformation = { label: `Serverless Traces local receiver running: ${r.spans} spans, ${r.logs} logs received${dropped ? `, ${dropped}` : ''}; activate to stop it` };
  };

  const plan = (): LocalExternal['plan'] => {
    const s = localSettings();
    return { otlp: s.otlpAddress, xray: s.xrayAddress, maxRequestBytes: s.maxRequestBytes, budgetBytes: liveMemoryBudgetBytes(), listen: true };
  };

  const start = async (): Promise<void> => {
    if (running()) { void vscode.window.showInformationMessage(`The local receiver is already running (${status?.otlp ?? ''}).`); return; }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('The local receiver opens network ports: it starts only in a trusted workspace.');
      return;
    }
    const p = plan();
    const detail = `OTLP ${p.otlp}, X-Ray UDP ${p.xray}`;
    const mine: LocalExternal = { kind: 'local', label: LABEL, info: [{ id: 'local-receiver', kind: 'local', label: 'Local runs', detail, fileCount: 0 }], plan: p };
    const previous = data.externalSource;
    current = mine;
    item.show();
    await data.setExternal(mine); // resolves once the engine bound the ports, or failed to
    const s = data.lastLocal;
    if (s?.state === 'failed') {
      data.restoreExternal(mine, previous);
      if (current === mine) current = undefined;
      render();
      await failed(s);
      return;
    }
    log().info(`Local receiver started: ${s?.otlp ?? p.otlp} (OTLP/HTTP), ${s?.xray ?? p.xray} (X-Ray UDP)`);
  };

  /** A port in use names the port and offers another; any other failure is said as it is. */
  const failed = async (s: LocalStatus): Promise<void> => {
    const e = s.error;
    const message = e?.message ?? 'The local receiver did not start.';
    log().error(`Local receiver: ${message}`);
    if (e?.code !== 'port-in-use') { void vscode.window.showErrorMessage(`Serverless Traces local receiver: ${message}`); return; }
    const pick = await vscode.window.showErrorMessage(message, 'Choose Another Port');
    if (!pick) return;
    const key = e.which === 'xray' ? 'xrayAddress' : 'otlpAddress';
    const next = await vscode.window.showInputBox({
      title: `Address for the ${e.which === 'xray' ? 'X-Ray daemon (UDP)' : 'OTLP/HTTP'} receiver`,
      prompt: `Port ${e.port} is in use. host:port`,
      value: `${e.host || '127.0.0.1'}:${e.port + 1}`,
    });
    if (!next) return;
    await vscode.workspace.getConfiguration(`${SECTION}.local`).update(key, next, vscode.ConfigurationTarget.Workspace);
    await start();
  };

  const stop = (): void => {
    if (!current) return;
    current.plan = { ...current.plan, listen: false }; // a reload now shows what was kept, without listening again
    data.engine().stopLocal();
    log().info('Local receiver stopped.');
  };

  const copyEnvironment = async (arg?: unknown): Promise<string | undefined> => {
    const { parseEndpoint } = await import('../../core/receive/address');
    const s = localSettings();
    let otlp: number;
    let xray: number;
    try {
      otlp = parseEndpoint(status?.state === 'running' && status.otlp ? status.otlp : s.otlpAddress, 4318).port;
      xray = parseEndpoint(status?.state === 'running' && status.xray ? status.xray : s.xrayAddress, 2000).port;
    } catch (e) {
      void vscode.window.showErrorMessage(`Serverless Traces: ${(e as Error).message} (traceExplorer.local settings)`);
      return undefined;
    }
    const picks: (vscode.QuickPickItem & { id: EnvironmentKind })[] = [
      { id: 'shell', label: 'Shell: node --require, opentelemetry-instrument, tests', detail: 'export lines for OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER, AWS_XRAY_DAEMON_ADDRESS' },
      { id: 'sam', label: 'SAM: sam local invoke / start-api (Docker)', detail: 'an --env-vars JSON with host.docker.internal; the receiver must listen where containers reach it' },
      { id: 'serverless', label: 'Serverless Framework: serverless invoke local', detail: 'the -e flags for a local invoke' },
    ];
    const kind = typeof arg === 'string' && picks.some((p) => p.id === arg) ? arg as EnvironmentKind
      : (await vscode.window.showQuickPick(picks, { title: 'Copy environment for local runs' }))?.id;
    if (!kind) return undefined;
    const text = environmentFor(kind, otlp, xray);
    await vscode.env.clipboard.writeText(text);
    const loopbackOnly = /^(127\.|localhost|\[?::1)/.test(s.otlpAddress);
    void vscode.window.showInformationMessage(kind === 'sam'
      ? `Copied an env-vars file: save it as env.json and run \`sam local invoke --env-vars env.json\`.${loopbackOnly ? ' Containers reach the host as host.docker.internal: set traceExplorer.local.otlpAddress and xrayAddress to 0.0.0.0:<port> (or the docker0 address on Linux) so they reach the receiver.' : ''}`
      : kind === 'serverless' ? 'Copied a `serverless invoke local` command line with the environment.'
        : 'Copied: paste into the terminal that runs your tests or handlers.');
    return text;
  };

  context.subscriptions.push(
    item,
    data.onLocalStatus((s) => {
      status = s;
      for (const w of s.warnings ?? []) { log().warn(w); void vscode.window.showWarningMessage(`Serverless Traces: ${w}`); }
      render();
    }),
    // Another source (files, sample, AWS) replaced the receiver's: the engine stopped it.
    data.onDidChange(render),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // New addresses, limits or budget while it runs: the engine keeps the run when only the budget changed.
      if (affectsLocal(e) && running() && current) { current.plan = plan(); void data.reload(); }
    }),
    vscode.commands.registerCommand(LocalCommand.start, start),
    vscode.commands.registerCommand(LocalCommand.stop, stop),
    vscode.commands.registerCommand(LocalCommand.copyEnvironment, copyEnvironment),
    vscode.workspace.onDidGrantWorkspaceTrust(() => { if (localSettings().startWithWorkspace) void start(); }),
  );
  render();
  if (localSettings().startWithWorkspace) {
    item.show();
    if (vscode.workspace.isTrusted) void start();
  }
  return { status: () => status };
}
