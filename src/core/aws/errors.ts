// AWS failures in plain words: what went wrong and what to run, never a stack trace.
import { profileInfo } from './profiles';

export class AwsFetchError extends Error {
  override name = 'AwsFetchError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface ErrorContext {
  profile?: string;
  region?: string;
  endpoint?: string;
  /** The IAM action of the failing call, e.g. `logs:FilterLogEvents`. */
  action?: string;
  logGroup?: string;
}

/** Turns any SDK / network / credentials error into an AwsFetchError with a message a person can act on. */
export async function explainAwsError(err: unknown, ctx: ErrorContext): Promise<AwsFetchError> {
  if (err instanceof AwsFetchError) return err;
  const e = (err ?? {}) as { name?: string; code?: string; message?: string; Code?: string };
  const code = e.name && e.name !== 'Error' ? e.name : e.code ?? e.Code ?? 'Error';
  const msg = String(e.message ?? err);
  const profile = ctx.profile ?? process.env.AWS_PROFILE ?? 'default';
  const sso = (await profileInfo(profile).catch(() => undefined))?.sso ?? false;

  if (/sso/i.test(msg) && /(expired|invalid|refresh|not found|cannot find)/i.test(msg) || code === 'TokenProviderError') {
    return new AwsFetchError('SSOSessionExpired', `The AWS SSO session for profile "${profile}" has expired or was never started. Run \`aws sso login --profile ${profile}\` and try again.`);
  }
  if (code === 'CredentialsProviderError' || /could not load credentials/i.test(msg)) {
    return new AwsFetchError('CredentialsMissing', `No AWS credentials were found for profile "${profile}". ` +
      (sso ? `Run \`aws sso login --profile ${profile}\`.` : `Run \`aws configure --profile ${profile}\` (or \`aws configure sso --profile ${profile}\`), or choose another profile.`));
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/.test(code)) {
    return new AwsFetchError(code, sso
      ? `The AWS credentials of profile "${profile}" have expired. Run \`aws sso login --profile ${profile}\` and try again.`
      : `The AWS credentials of profile "${profile}" have expired. Refresh them (for temporary keys, get new ones and update ~/.aws/credentials) and try again.`);
  }
  if (/^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedException)$/.test(code) || /not authorized to perform/i.test(msg)) {
    const action = /not authorized to perform:?\s+([\w-]+:[\w*]+)/i.exec(msg)?.[1] ?? ctx.action ?? 'the requested action';
    return new AwsFetchError(code, `Access denied: the IAM identity of profile "${profile}" is not allowed \`${action}\`${ctx.logGroup ? ` on ${ctx.logGroup}` : ''}. Add \`${action}\` to its policy (see "Connect to AWS" for a minimal policy).`);
  }
  if (/^(UnrecognizedClientException|InvalidSignatureException|InvalidClientTokenId|SignatureDoesNotMatch|IncompleteSignatureException|MissingAuthenticationTokenException)$/.test(code)) {
    return new AwsFetchError(code, `AWS did not accept the credentials of profile "${profile}" (${code}). Check the access key, or run \`aws sso login --profile ${profile}\` if it uses SSO.`);
  }
  if (code === 'ResourceNotFoundException') {
    return new AwsFetchError(code, `${ctx.logGroup ? `Log group ${ctx.logGroup}` : 'The resource'} does not exist in region ${ctx.region ?? '(default)'} of this account.`);
  }
  if (/region is missing/i.test(msg)) {
    return new AwsFetchError('RegionMissing', `No AWS region is set. Pass --region, set traceExplorer.aws.region, or add \`region = ...\` to profile "${profile}" in ~/.aws/config.`);
  }
  if (/^(ThrottlingException|ThrottledException|LimitExceededException|TooManyRequestsException)$/.test(code)) {
    return new AwsFetchError(code, `AWS kept throttling the requests (${code}) after every retry. Another tool may be using the same account's quota; try again in a minute or with a shorter time range.`);
  }
  const net = /(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|socket hang up)/.exec(`${e.code ?? ''} ${msg}`);
  if (net) {
    return new AwsFetchError(net[1], `Cannot reach ${ctx.endpoint ?? `the AWS endpoint for ${ctx.region ?? 'the region'}`} (${net[1]}). Check the network, proxy, or the endpoint setting.`);
  }
  const first = msg.split('\n')[0];
  return new AwsFetchError(code, `${code}: ${first}`);
}
