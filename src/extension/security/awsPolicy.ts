// Which AWS connection settings may be used as they are, and which need the user's confirmation first. Plain Node
// (no vscode): the decision is unit-tested; awsGuard.ts feeds it `inspect()` results and asks the user.
//
// A workspace's .vscode/settings.json comes with the repository. If it sets `traceExplorer.aws.endpoint`, the next
// fetch would send SigV4-signed requests (access key id, and for SSO/role sessions the session token) to that host,
// which could replay them against AWS. If it sets `traceExplorer.aws.profile`, it picks which of the user's
// credentials are used (a production or admin profile; Logs Insights scans are billed) and, with an endpoint the
// user confirmed earlier, which credentials reach that host. So both are used from workspace settings only after the
// user confirmed that value for that workspace once; user (global) settings are the user's own choice.

/** The part of `WorkspaceConfiguration.inspect()` that tells where a value comes from. */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export type Origin = 'user' | 'workspace';

export interface Chosen {
  value: string;
  origin: Origin;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The value in effect and where it comes from (folder and workspace settings win over user settings), or undefined. */
export function chosen(i: Inspected | undefined): Chosen | undefined {
  if (!i) return undefined;
  const ws = text(i.workspaceFolderValue) ?? text(i.workspaceValue);
  if (ws !== undefined) return { value: ws, origin: 'workspace' };
  const user = text(i.globalValue);
  return user !== undefined ? { value: user, origin: 'user' } : undefined;
}

/** The scheme, host and port requests go to (what the confirmation is about), or an error for a bad endpoint. */
export function endpointHost(endpoint: string): { origin: string } | { error: string } {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    return { error: `traceExplorer.aws.endpoint is not a URL: ${JSON.stringify(endpoint)}` };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { error: `traceExplorer.aws.endpoint must be an http or https URL, not ${JSON.stringify(endpoint)}` };
  if (u.username || u.password) return { error: 'traceExplorer.aws.endpoint must not carry a user name or password' };
  return { origin: u.origin };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** A region is part of the AWS host name: only a region code is accepted. */
export function regionError(region: string | undefined): string | undefined {
  return region === undefined || REGION.test(region) ? undefined : `traceExplorer.aws.region is not a region code: ${JSON.stringify(region)}`;
}

export type Kind = 'endpoint' | 'profile';

export function confirmationKey(workspace: string, kind: Kind, value: string): string {
  return JSON.stringify([workspace, kind, value]);
}

export type Verdict =
  | { ok: true; value?: string; origin?: Origin }
  | { ok: false; error: string }
  | { ok: 'ask'; kind: Kind; value: string; key: string };

/**
 * The endpoint or profile to use: none, a user setting, a workspace setting the user confirmed before (for this
 * workspace), or 'ask'. For the endpoint the confirmed value is its origin (scheme://host:port).
 */
export function verdict(kind: Kind, i: Inspected | undefined, workspace: string, confirmed: (key: string) => boolean): Verdict {
  const c = chosen(i);
  if (!c) return { ok: true };
  let subject = c.value;
  if (kind === 'endpoint') {
    const h = endpointHost(c.value);
    if ('error' in h) return { ok: false, error: h.error };
    subject = h.origin;
  }
  if (c.origin === 'user') return { ok: true, value: c.value, origin: c.origin };
  const key = confirmationKey(workspace, kind, subject);
  return confirmed(key) ? { ok: true, value: c.value, origin: c.origin } : { ok: 'ask', kind, value: subject, key };
}
