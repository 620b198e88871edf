// The server cannot know the secret key, but it can insist that requests are SigV4-signed the way the SDK signs them.
import type { IncomingHttpHeaders } from 'http';

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export interface SignatureInfo {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
}

/** Returns what the Authorization header claims, or a reason it is not a SigV4 signature. */
export function checkSigV4(headers: IncomingHttpHeaders): SignatureInfo | string {
  const auth = headers.authorization;
  if (!auth) return 'Missing Authentication Token';
  const m = AUTH.exec(auth);
  if (!m) return `Authorization header is not AWS4-HMAC-SHA256 with a credential scope: ${auth.slice(0, 60)}`;
  const signedHeaders = m[5].split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) return 'SignedHeaders must include host and x-amz-date';
  if (!headers['x-amz-date']) return 'x-amz-date header is missing';
  return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4], signedHeaders };
}
