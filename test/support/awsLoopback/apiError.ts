// A service error as the wire protocols carry it: JSON 1.1 `__type` body for CloudWatch Logs, the
// `x-amzn-ErrorType` header for X-Ray's REST JSON.
export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
  }
}

export type Json = Record<string, unknown>;

export function num(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ApiError('InvalidParameterException', `${name} must be a number`);
  return v;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function encodeToken(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

export function decodeToken<T>(t: string, op: string): T {
  try {
    return JSON.parse(Buffer.from(t, 'base64url').toString('utf8')) as T;
  } catch {
    throw new ApiError('InvalidParameterException', `The specified nextToken is not valid for ${op}`);
  }
}
