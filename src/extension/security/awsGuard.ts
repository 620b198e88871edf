// Gate in front of every AWS call from VS Code: Restricted Mode refuses; an endpoint or profile that comes from the
// workspace's settings is used only after the user confirmed it for this workspace once (remembered in globalState,
// keyed by workspace + host or profile). The rules and why: awsPolicy.ts and docs/security.md.
import * as vscode from 'vscode';
import { awsSettings } from '../aws/awsSettings';
import { log } from '../log';
import { chosen, confirmationKey, endpointHost, Inspected, Kind, regionError, verdict } from './awsPolicy';
import { confirmModal } from './prompt';
import { requireTrust } from './trust';

const STORE = 'traceExplorer.security.confirmed';
const SECTION = 'traceExplorer.aws';

export interface SafeConnection {
  profile?: string;
  region?: string;
  endpoint?: string;
}

export interface EndpointStatus {
  url: string;
  /** host[:port], for the status bar. */
  host: string;
  origin: 'user' | 'workspace';
  confirmed: boolean;
}

/** This workspace, as the confirmations are keyed: the .code-workspace file, or the folders. */
export function workspaceKey(): string {
  const f = vscode.workspace.workspaceFile;
  if (f && f.scheme !== 'untitled') return f.toString();
  return (vscode.workspace.workspaceFolders ?? []).map((x) => x.uri.toString()).join('\n');
}

const inspect = (key: Kind): Inspected | undefined => vscode.workspace.getConfiguration(SECTION).inspect(key);

export class AwsGuard {
  constructor(private readonly state: vscode.Memento) {}

  /** The profile the user just picked (Select AWS Profile) needs no question later. */
  async rememberProfile(profile: string): Promise<void> {
    await this.remember(confirmationKey(workspaceKey(), 'profile', profile));
  }

  /** The custom endpoint in effect, if any, for the status bar. */
  endpointStatus(): EndpointStatus | undefined {
    const c = chosen(inspect('endpoint'));
    if (!c) return undefined;
    const h = endpointHost(c.value);
    let host = c.value;
    try { host = new URL(c.value).host; } catch { /* shown as written */ }
    const confirmed = c.origin === 'user' || ('origin' in h && this.isConfirmed(confirmationKey(workspaceKey(), 'endpoint', h.origin)));
    return { url: c.value, host, origin: c.origin, confirmed };
  }

  /** Connection settings safe to use now, asking the user where needed; undefined: make no AWS request. */
  async connection(): Promise<SafeConnection | undefined> {
    if (!requireTrust('AWS')) return undefined;
    const region = awsSettings().region;
    const bad = regionError(region);
    if (bad) return refuse(bad);
    const profile = await this.settle('profile');
    if (profile === null) return undefined;
    const endpoint = await this.settle('endpoint');
    if (endpoint === null) return undefined;
    return { profile, region, endpoint };
  }

  /** The value to use (undefined: none set), or null when the request must not be made. */
  private async settle(kind: Kind): Promise<string | undefined | null> {
    const i = inspect(kind);
    const v = verdict(kind, i, workspaceKey(), (k) => this.isConfirmed(k));
    if (v.ok === true) return v.value;
    if (v.ok === false) { refuse(v.error); return null; }
    const yes = await confirmModal(kind === 'endpoint' ? {
      kind: 'aws-endpoint',
      message: 'Send AWS requests to a host this workspace chose?',
      detail: `This workspace's settings set traceExplorer.aws.endpoint to:\n\n${v.value}\n\nRequests sent there are signed with your AWS credentials (the access key id, and the session token of SSO or role sessions); that host could replay them against AWS. Allow it only if you set this endpoint yourself (LocalStack, a test server). The answer is remembered for this workspace and host.`,
      confirm: 'Use This Endpoint',
    } : {
      kind: 'aws-profile',
      message: 'Use the AWS profile this workspace chose?',
      detail: `This workspace's settings set traceExplorer.aws.profile to:\n\n${v.value}\n\nIts credentials would read CloudWatch Logs and X-Ray of that account (Logs Insights scans are billed to it). Allow it only if this is the account you meant. The answer is remembered for this workspace and profile.`,
      confirm: 'Use This Profile',
    });
    const setting = `traceExplorer.aws.${kind} ${JSON.stringify(v.value)} from the workspace settings`;
    if (!yes) {
      log().warn(`AWS: ${setting} not confirmed; no request sent.`);
      void vscode.window.showWarningMessage(`Serverless Traces: no AWS request sent. ${setting} was not confirmed; remove it from .vscode/settings.json or confirm it on the next fetch.`);
      return null;
    }
    await this.remember(v.key);
    log().info(`AWS: ${setting} confirmed for this workspace.`);
    return chosen(i)?.value;
  }

  private isConfirmed(key: string): boolean {
    return (this.state.get<string[]>(STORE) ?? []).includes(key);
  }

  private async remember(key: string): Promise<void> {
    const list = this.state.get<string[]>(STORE) ?? [];
    if (!list.includes(key)) await this.state.update(STORE, [...list, key]);
  }
}

function refuse(message: string): undefined {
  log().error(`AWS: ${message}`);
  void vscode.window.showErrorMessage(`Serverless Traces: ${message}`);
  return undefined;
}
