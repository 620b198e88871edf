// The local receiver in the editor: start / stop commands, a status bar item with its state and counts, "copy
// environment for local runs", start with the workspace (trusted workspaces only).
import * as vscode from 'vscode';
import type { DataSources } from '../dataSources';
import { log } from '../log';
import { maskOptions, SECTION } from '../settings';
import { liveMemoryBudgetBytes, localSettings } from './settings';
import type { LocalSource } from './localSource';
import type { Receiver } from '../../core/receive';
import { plural as formatPlural } from '../../common/format';

export const LocalCommand = {
  start: 'traceExplorer.local.start',
  stop: 'traceExplorer.local.stop',
  copyEnvironment: 'traceExplorer.local.copyEnvironment',
} as const;

export function registerLocal(context: vscode.ExtensionContext, sources: DataSources): { running(): boolean } {
  let receiver: Receiver | undefined;
  let source: LocalSource | undefined;
  const status = vscode.window.createStatusBarItem('traceExplorer.local', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Trace Explorer: local receiver';
  let timer: NodeJS.Timeout | undefined;

  const render = () => {
    if (!receiver?.running) {
      status.text = '$(debug-disconnect) Local: off';
      status.tooltip = 'Trace Explorer local receiver is stopped. Click to start it.';
      status.command = LocalCommand.start;
      status.accessibilityInformation = { label: 'Trace Explorer local receiver stopped; activate to start' };
      return;
    }
    const c = receiver.counters;
    const ev = source?.last?.evicted;
    const dropped = ev && ev.traces > 0 ? `, ${formatPlural(ev.traces, 'older trace')} dropped` : '';
    status.text = `$(radio-tower) Local: ${formatPlural(c.spans, 'span')}, ${formatPlural(c.logs, 'log')}`;
    const refused = c.refusedTotal > 0 ? `\nRefused: ${Object.entries(c.refused).map(([k, n]) => `${k} x${n}`).join(', ')} (last: ${c.lastError})` : '';
    status.tooltip = `Receiving on ${source?.info[0].detail ?? ''}\n${formatPlural(c.spans, 'span')}, ${formatPlural(c.logs, 'log record')}, ${formatPlural(c.requests, 'request')}, ${formatPlural(c.datagrams, 'datagram')}${dropped}${refused}\nClick to stop.`;
    status.command = LocalCommand.stop;
    status.accessibilityInformation = { label: `Trace Explorer local receiver running: ${c.spans} spans, ${c.logs} logs received${dropped}; activate to stop` };
  };

  const start = async (): Promise<void> => {
    if (receiver?.running) { void vscode.window.showInformationMessage('The local receiver is already running.'); return; }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('The local receiver opens network ports: it starts only in a trusted workspace.');
      return;
    }
    const { Receiver, ReceiverError, parseEndpoint } = await import('../../core/receive');
    const s = localSettings();
    let otlp, xray;
    try {
      otlp = parseEndpoint(s.otlpAddress, 4318);
      xray = parseEndpoint(s.xrayAddress, 2000);
    } catch (e) {
      void vscode.window.showErrorMessage(`Trace Explorer local receiver: ${(e as Error).message} (traceExplorer.local settings)`);
      return;
    }
    const r = new Receiver({
      otlp, xray, maxBodyBytes: s.maxRequestBytes,
      onBatch: () => ({ rejected: 0, message: '' }), // replaced by the source below, before the first batch can arrive
      onWarning: (m) => { log().warn(m); void vscode.window.showWarningMessage(m); },
    });
    try {
      await r.start();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log().error(message);
      if (e instanceof ReceiverError && e.code === 'port-in-use') {
        const key = e.endpoint.port === otlp.port && e.endpoint.host === otlp.host ? 'otlpAddress' : 'xrayAddress';
        const pick = await vscode.window.showErrorMessage(message, 'Choose Another Port');
        if (pick) {
          const next = await vscode.window.showInputBox({ prompt: `Address for the ${key === 'otlpAddress' ? 'OTLP/HTTP' : 'X-Ray UDP'} receiver (host:port)`, value: `${e.endpoint.host}:${e.endpoint.port + 1}` });
          if (next) {
            await vscode.workspace.getConfiguration(`${SECTION}.local`).update(key, next, vscode.ConfigurationTarget.Workspace);
            return start();
          }
        }
      } else void vscode.window.showErrorMessage(`Trace Explorer local receiver: ${message}`);
      return;
    }
    const { LocalSource } = await import('./localSource');
    receiver = r;
    source = new LocalSource(r, liveMemoryBudgetBytes(), maskOptions());
    log().info(`Local receiver started: ${source.info[0].detail}`);
    void sources.setExternal(source);
    timer = setInterval(render, 1000);
    render();
    status.show();
  };

  const stop = async (): Promise<void> => {
    const r = receiver;
    if (!r) return;
    receiver = undefined;
    if (timer) clearInterval(timer);
    await r.stop();
    source?.stop();
    log().info('Local receiver stopped.');
    render();
  };

  const copyEnvironment = async (): Promise<void> => {
    const s = localSettings();
    const { parseEndpoint } = await import('../../core/receive');
    const otlp = parseEndpoint(s.otlpAddress, 4318);
    const xray = parseEndpoint(s.xrayAddress, 2000);
    const picks = [
      { label: 'Shell (processes on this machine)', id: 'shell', detail: 'OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER, AWS_XRAY_DAEMON_ADDRESS as export lines' },
      { label: 'sam local (functions in Docker)', id: 'sam', detail: '--env-vars JSON with host.docker.internal; the receiver must listen where Docker can reach it' },
    ];
    const pick = await vscode.window.showQuickPick(picks, { title: 'Copy environment for local runs' });
    if (!pick) return;
    const text = pick.id === 'shell' ? shellEnvironment(otlp.port, xray.port) : samEnvironment(otlp.port, xray.port);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(pick.id === 'shell'
      ? 'Copied: paste into the terminal that runs your tests or handlers.'
      : 'Copied an env-vars JSON for `sam local invoke --env-vars env.json`. On Linux, set traceExplorer.local addresses to 0.0.0.0 (or the docker0 address) so containers reach the receiver.');
  };

  context.subscriptions.push(
    status,
    { dispose: () => { void stop(); } },
    vscode.commands.registerCommand(LocalCommand.start, start),
    vscode.commands.registerCommand(LocalCommand.stop, stop),
    vscode.commands.registerCommand(LocalCommand.copyEnvironment, copyEnvironment),
    vscode.workspace.onDidGrantWorkspaceTrust(() => { if (localSettings().startWithWorkspace) void start(); }),
  );
  if (localSettings().startWithWorkspace && vscode.workspace.isTrusted) void start();
  return { running: () => receiver?.running === true };
}

export function shellEnvironment(otlpPort: number, xrayPort: number): string {
  return [
    '# OpenTelemetry SDKs: OTLP over HTTP to the Trace Explorer receiver',
    `export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${otlpPort}`,
    'export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf',
    'export OTEL_TRACES_EXPORTER=otlp',
    'export OTEL_LOGS_EXPORTER=otlp',
    '# X-Ray SDKs: the daemon address',
    `export AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:${xrayPort}`,
    '',
  ].join('\n');
}

export function samEnvironment(otlpPort: number, xrayPort: number): string {
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://host.docker.internal:${otlpPort}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    AWS_XRAY_DAEMON_ADDRESS: `host.docker.internal:${xrayPort}`,
  };
  return JSON.stringify({ Parameters: env }, null, 2) + '\n';
}
