// SDK clients with the retry strategy configured once: adaptive mode (client-side rate limiting that backs off on
// ThrottlingException) and retries on 5xx and connection resets, which the SDK classifies as transient.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { XRayClient } from '@aws-sdk/client-xray';

export interface AwsConnection {
  /** Shared config/credentials profile; the SDK's default provider chain resolves it (SSO, process, env ...). */
  profile?: string;
  region?: string;
  /** Custom endpoint (LocalStack, tests). */
  endpoint?: string;
  /** Fixed credentials instead of the provider chain (tests). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** SDK attempts per call, first one included (default 6). */
  maxAttempts?: number;
  /** Client-side pacing rate for every operation instead of its documented quota (raised quotas; tests). */
  tps?: number;
  /** Per-request socket timeout (default 30 s): a stalled response is retried, not waited for forever. */
  requestTimeoutMs?: number;
}

const DEFAULT_ATTEMPTS = 6;

function common(c: AwsConnection) {
  return {
    region: c.region,
    profile: c.profile,
    endpoint: c.endpoint,
    // Host prefixes (StartLiveTail's `stream-`) only make sense on AWS's own host names, not on a custom endpoint.
    disableHostPrefix: !!c.endpoint,
    credentials: c.credentials,
    maxAttempts: c.maxAttempts ?? DEFAULT_ATTEMPTS,
    retryMode: 'adaptive',
    requestHandler: { requestTimeout: c.requestTimeoutMs ?? 30_000, connectionTimeout: Math.min(c.requestTimeoutMs ?? 30_000, 5_000) },
  };
}

export function logsClient(c: AwsConnection): CloudWatchLogsClient {
  return new CloudWatchLogsClient(common(c));
}

export function xrayClient(c: AwsConnection): XRayClient {
  return new XRayClient(common(c));
}

/**
 * What makes two connections share quotas and cache entries: account (or, without one, the profile — a profile names one
 * account and role, and needs no credentials to compute, so a cached range re-opens offline), region, endpoint.
 */
export function connectionKey(c: AwsConnection, accountId?: string): string {
  return [accountId ?? c.profile ?? process.env.AWS_PROFILE ?? 'default', c.region ?? process.env.AWS_REGION ?? '', c.endpoint ?? ''].join('|');
}
