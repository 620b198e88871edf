// Quick Picks for the AWS connection: profile (from ~/.aws/config and credentials), region, Lambda log groups, time range.
import * as vscode from 'vscode';
import type { LogGroupInfo } from '../../core/aws';
import { parseRange } from '../../core/aws/timeRange';

const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1',
  'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-east-1',
  'me-central-1', 'af-south-1',
];

export async function pickProfile(current?: string): Promise<string | undefined> {
  // Only the profiles module (reads ~/.aws files), not the AWS SDK.
  const { listProfiles } = await import('../../core/aws/profiles');
  const profiles = await listProfiles();
  if (profiles.length === 0) {
    void vscode.window.showWarningMessage('No AWS profiles found in ~/.aws/config or ~/.aws/credentials. Run `aws configure` or `aws configure sso` first.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(profiles.map((p) => ({
    label: p.name,
    description: [p.sso ? 'SSO' : '', p.region ?? '', p.name === current ? '(current)' : ''].filter(Boolean).join(' · '),
    detail: `from ${p.source.join(' and ')}`,
  })), { title: 'Select AWS Profile', placeHolder: 'Profile for CloudWatch Logs and X-Ray' });
  return pick?.label;
}

export async function pickRegion(current?: string): Promise<string | undefined> {
  const items = REGIONS.map((r) => ({ label: r, description: r === current ? '(current)' : undefined }));
  const pick = await vscode.window.showQuickPick([...items, { label: 'Other…', description: 'type a region code' }], { title: 'Select AWS Region' });
  if (pick?.label !== 'Other…') return pick?.label;
  return vscode.window.showInputBox({ title: 'AWS Region', prompt: 'Region code, e.g. eu-south-2', value: current, validateInput: (v) => (/^[a-z]{2}(-[a-z]+)+-\d$/.test(v.trim()) ? undefined : 'not a region code') });
}

export async function pickLogGroups(groups: LogGroupInfo[], chosen: string[]): Promise<string[] | undefined> {
  const items = groups.map((g) => ({
    label: g.name.replace(/^\/aws\/lambda\//, ''),
    description: g.storedBytes !== undefined ? formatBytes(g.storedBytes) : undefined,
    detail: g.name,
    picked: chosen.includes(g.name),
    name: g.name,
  }));
  const picks = await vscode.window.showQuickPick(items, { title: 'Lambda functions to explore', canPickMany: true, matchOnDetail: true, placeHolder: `${groups.length} Lambda log groups` });
  return picks?.map((p) => p.name);
}

const RANGES: { label: string; ms: number }[] = [
  { label: 'Last 15 minutes', ms: 15 * 60_000 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 3 hours', ms: 3 * 3_600_000 },
  { label: 'Last 12 hours', ms: 12 * 3_600_000 },
  { label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
];

/** A relative range ("last hour": the end moves to now on every refresh) or a fixed one. */
export type PickedRange = { rangeMs: number } | { startMs: number; endMs: number };

const CUSTOM = 'Custom range…';

/**
 * "Last 15 minutes" … "Last 7 days", or "Custom range…": a start and an end typed as ISO times
 * (`2026-11-20T08:00Z 2026-11-20T14:00Z`), epoch ms, `now` or durations before now (`3d 2d`), so data older than
 * a week (an incident last month) can be fetched too. `lastCustom` prefills the box.
 */
export async function pickRange(lastMs?: number, lastCustom?: string): Promise<PickedRange | undefined> {
  const items = [
    ...RANGES.map((r) => ({ label: r.label, ms: r.ms, description: r.ms === lastMs ? '(last used)' : undefined })),
    { label: CUSTOM, ms: 0, description: lastCustom ? `${lastCustom} (last used)` : 'start and end, e.g. 2026-11-20T08:00Z 2026-11-20T14:00Z' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Time range to fetch' });
  if (!pick) return undefined;
  if (pick.label !== CUSTOM) return { rangeMs: pick.ms };
  const text = await vscode.window.showInputBox({
    title: 'Time range to fetch: start and end',
    prompt: 'Start and end (UTC unless the time says otherwise): ISO times, epoch ms, `now`, or durations before now such as `3d`',
    placeHolder: '2026-11-20T08:00Z 2026-11-20T14:00Z',
    value: lastCustom,
    validateInput: (v) => {
      const r = parseRange(v);
      return typeof r === 'string' ? r : undefined;
    },
  });
  if (text === undefined) return undefined;
  const r = parseRange(text);
  return typeof r === 'string' ? undefined : r;
}

function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${Math.round(n / 1e3)} kB`;
}
