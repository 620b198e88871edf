// AWS in VS Code: profile/region selection with a status bar item, connecting (choose Lambda log groups), fetching
// with a cancellable progress notification, live tail toggle and cache clearing. The data goes to the shared
// data-source manager, so the Trace Explorer and the other views fill as pages arrive.
// Activation only creates the status bar item and registers the commands: the AWS SDK and the AWS sources
// (core/aws, ./awsData) load on the first command that needs them (dynamic import: a separate webpack chunk).
import * as path from 'path';
import * as vscode from 'vscode';
import { liveMemoryBudgetBytes } from '../local/settings';
import type { LogCache } from '../../core/aws';
import type { DataSources, ExternalSource } from '../dataSources';
import { log } from '../log';
import { once } from '../once';
import { AwsGuard } from '../security/awsGuard';
import { requireTrust } from '../security/trust';
import { awsDetail, awsLabel } from './awsLabel';
import { affectsAws, awsSettings, updateAwsSetting } from './awsSettings';
import { pickLogGroups, pickProfile, pickRange, pickRegion } from './pickers';
import { CommandId } from '../commandIds';
import { plural } from '../../common/format';

const RANGE_KEY = 'traceExplorer.aws.rangeMs';
/** The last custom range, "<start ISO> <end ISO>", prefilled in the next custom range box. */
const CUSTOM_RANGE_KEY = 'traceExplorer.aws.customRange';

/** Optional command arguments (scripts and tests): skip the Quick Picks. */
interface FetchArgs { startMs?: number; endMs?: number; rangeMs?: number; slowest?: number }
interface ConnectArgs extends FetchArgs { logGroups?: string[] }

function fetchArgs(a: unknown): FetchArgs {
  const o = (a ?? {}) as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return { startMs: n(o.startMs), endMs: n(o.endMs), rangeMs: n(o.rangeMs), slowest: n(o.slowest) };
}

export function registerAws(context: vscode.ExtensionContext, data: DataSources): void {
  const cacheDir = path.join(context.globalStorageUri.fsPath, 'aws-cache');
  const logCache = once((): Promise<LogCache> => import('../../core/aws').then((aws) => new aws.LogCache(cacheDir)));
  const status = vscode.window.createStatusBarItem('traceExplorer.aws', vscode.StatusBarAlignment.Left, 20);
  status.name = 'Serverless Traces: AWS';
  status.command = CommandId.selectProfile;
  /** The running (or last) fetch; the engine worker runs it. */
  let current: ExternalSource | undefined;
  // Every AWS request's connection comes from the guard: Restricted Mode, and workspace-chosen endpoint or profile.
  const guard = new AwsGuard(context.globalState);

  const updateStatus = () => {
    const s = awsSettings();
    const ep = guard.endpointStatus();
    const dropped = current?.plan.live ? data.current.evictedTraces ?? 0 : 0;
    status.text = `$(cloud) ${s.profile ?? 'default'} @ ${s.region ?? 'region?'}${ep ? ` $(plug) ${ep.host}` : ''}${current?.plan.live ? ' $(broadcast)' : ''}${dropped ? ` · ${plural(dropped, 'older trace')} dropped` : ''}`;
    const where = !ep ? '' : ep.origin === 'user' ? 'your user settings'
      : `this workspace's settings, ${ep.confirmed ? 'confirmed by you for this workspace' : 'not confirmed yet: you will be asked before the first request'}`;
    status.tooltip = `Serverless Traces: AWS profile and region${ep ? `. Custom endpoint ${ep.url} (from ${where})` : ''}.${dropped ? ` Live tail keeps what fits traceExplorer.live.memoryBudgetMb: ${plural(dropped, 'older trace')} dropped.` : ''} Click to change the profile.`;
    // A custom endpoint is unusual and decides where signed requests go: make it stand out.
    status.backgroundColor = ep ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.show();
  };

  const fail = (err: unknown) => {
    // AwsFetchError is an Error: its message is the one shown (no need to load core/aws to recognise it).
    const message = err instanceof Error ? err.message : String(err);
    log().error(`AWS: ${message}`);
    void vscode.window.showErrorMessage(message, 'Select Profile', 'Select Region').then((b) => {
      if (b === 'Select Profile') void vscode.commands.executeCommand(CommandId.selectProfile);
      if (b === 'Select Region') void vscode.commands.executeCommand(CommandId.selectRegion);
    });
  };

  const fetch = async (live = false, args: FetchArgs = {}): Promise<void> => {
    const s = awsSettings();
    if (s.logGroups.length === 0) {
      await vscode.commands.executeCommand(CommandId.connectAws);
      return;
    }
    const conn = await guard.connection();
    if (!conn) return;
    updateStatus();
    const last = context.workspaceState.get<number>(RANGE_KEY);
    if (!live && args.startMs === undefined && args.rangeMs === undefined) {
      const picked = await pickRange(last, context.workspaceState.get<string>(CUSTOM_RANGE_KEY));
      if (!picked) return;
      if ('rangeMs' in picked) args = { ...args, rangeMs: picked.rangeMs };
      else {
        args = { ...args, startMs: picked.startMs, endMs: picked.endMs };
        await context.workspaceState.update(CUSTOM_RANGE_KEY, `${new Date(picked.startMs).toISOString()} ${new Date(picked.endMs).toISOString()}`);
      }
    }
    const endMs = args.endMs ?? Date.now();
    const rangeMs = args.startMs !== undefined ? endMs - args.startMs : args.rangeMs ?? last ?? 900_000;
    if (rangeMs <= 0) return;
    if (args.startMs === undefined) await context.workspaceState.update(RANGE_KEY, rangeMs);
    await vscode.commands.executeCommand(CommandId.open);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Fetching from CloudWatch', cancellable: true },
      async (progress, token) => {
        const cancel = new AbortController();
        token.onCancellationRequested(() => cancel.abort());
        let lastMessage = '';
        if (current?.plan.live) data.engine().stopLive();
        const plan = { ...conn, logGroups: s.logGroups, spans: s.spans, xray: s.xray, startMs: endMs - rangeMs, endMs, rangeMs: args.startMs === undefined && args.endMs === undefined ? rangeMs : undefined, cacheDir, live, slowest: args.slowest, budgetBytes: live ? liveMemoryBudgetBytes() : undefined };
        current = {
          label: awsLabel(plan),
          info: [{ id: 'aws', kind: 'aws', label: 'AWS CloudWatch', detail: awsDetail(plan), fileCount: plan.logGroups.length }],
          plan,
          progress: (message) => { if (message !== lastMessage) { lastMessage = message; progress.report({ message }); } },
          cancel: cancel.signal,
        };
        updateStatus();
        const mine = current;
        // With live tail on, the progress notification closes once the range is loaded; the tail runs on.
        const loaded = data.setExternal(mine);
        if (live) { void loaded.then(() => undefined); return; }
        await loaded;
        const state = data.current;
        if (state.error) fail(new Error(state.error));
        else if (!cancel.signal.aborted) log().info(`AWS fetch: ${state.traces} traces from ${s.logGroups.length} log group(s)`);
      },
    );
  };

  context.subscriptions.push(
    status,
    vscode.workspace.onDidChangeConfiguration((e) => { if (affectsAws(e)) updateStatus(); }),
    data.onDidChange(() => { if (current?.plan.live) updateStatus(); }),
    vscode.workspace.onDidGrantWorkspaceTrust(updateStatus),
    vscode.commands.registerCommand(CommandId.selectProfile, async () => {
      if (!requireTrust('AWS')) return;
      const p = await pickProfile(awsSettings().profile);
      // The user's own pick: no question about this profile later, though it is stored in the workspace settings.
      if (p) { await guard.rememberProfile(p); await updateAwsSetting('profile', p); updateStatus(); }
    }),
    vscode.commands.registerCommand(CommandId.selectRegion, async () => {
      if (!requireTrust('AWS')) return;
      const r = await pickRegion(awsSettings().region);
      if (r) { await updateAwsSetting('region', r.trim()); updateStatus(); }
    }),
    vscode.commands.registerCommand(CommandId.connectAws, async (raw?: unknown) => {
      const args = (raw ?? {}) as ConnectArgs;
      try {
        const conn = await guard.connection();
        if (!conn) return;
        updateStatus();
        const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Listing Lambda log groups…', cancellable: true },
          async (_p, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            const { discover } = await import('../../core/aws');
            return discover(conn, abort.signal);
          });
        if (found.lambdaGroups.length === 0) {
          void vscode.window.showWarningMessage(`No Lambda log groups (/aws/lambda/…) in ${awsSettings().region ?? 'this region'} for profile ${awsSettings().profile ?? 'default'}.`);
          return;
        }
        const known = new Set(found.lambdaGroups.map((g) => g.name));
        const chosen = Array.isArray(args.logGroups) ? args.logGroups.filter((g) => known.has(g)) : await pickLogGroups(found.lambdaGroups, awsSettings().logGroups);
        if (!chosen || chosen.length === 0) return;
        await updateAwsSetting('logGroups', chosen);
        if (!found.spans && awsSettings().spans) log().info('AWS: no aws/spans log group (CloudWatch Transaction Search is off); logs only.');
        await updateAwsSetting('spans', !!found.spans);
        await fetch(false, fetchArgs(raw));
      } catch (err) {
        fail(err);
      }
    }),
    vscode.commands.registerCommand('traceExplorer.fetchAws', (raw?: unknown) => fetch(false, fetchArgs(raw)).catch(fail)),
    vscode.commands.registerCommand('traceExplorer.fetchSlowest', async (raw?: unknown) => {
      const args = fetchArgs(raw);
      if (args.slowest === undefined) {
        const n = await vscode.window.showQuickPick(['20', '50', '100', '500'], { title: 'How many of the slowest invocations (Logs Insights finds them server-side)?' });
        if (!n) return;
        args.slowest = Number(n);
      }
      await fetch(false, args).catch(fail);
    }),
    vscode.commands.registerCommand('traceExplorer.liveTail', async () => {
      if (current?.plan.live) {
        data.engine().stopLive();
        current = undefined;
        updateStatus();
        void vscode.window.showInformationMessage('Live tail stopped.');
        return;
      }
      await fetch(true).catch(fail);
    }),
    vscode.commands.registerCommand('traceExplorer.clearCache', async () => {
      await (await logCache()).clear();
      void vscode.window.showInformationMessage('Serverless Traces: AWS cache cleared.');
    }),
  );
  updateStatus();
}
