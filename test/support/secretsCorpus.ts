// The secrets corpus (issue 16): every kind of secret the masking must catch, put in every position a record has
// (attribute, HTTP header, URL, span name, status and exception message, plain log line, JSON field inside a log
// message, problem message), next to a false-positive corpus that must come out untouched. Used by the unit tests
// (CLI output) and the end-to-end test (every panel's DOM).

export interface Secret {
  name: string;
  /** The secret itself: must never appear in any output. */
  value: string;
  /** A key it is stored under (attribute key, JSON field, header, query parameter). */
  key: string;
  /** How it appears in free text (its key or shape makes it recognisable there). */
  text: string;
}

const AKID = 'AKIAZ7QXMASKTEST0001';
const AWS_SECRET = 'q8Vd/2kLmN4pR7sT9uW1xY3zA5bC6dE8fG0hJ2kL';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtYXNrLXRlc3QiLCJuYW1lIjoiSm9obiJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM_BODY = 'MIIEowIBAAKCAQEAmaskTestPrivateKeyBody0123456789';

export const SECRETS: Secret[] = [
  { name: 'aws access key id', value: AKID, key: 'note', text: `using access key ${AKID}` },
  { name: 'aws secret key', value: AWS_SECRET, key: 'aws_secret_access_key', text: `credentials ${AKID} ${AWS_SECRET}` },
  { name: 'jwt', value: JWT, key: 'id_token', text: `got ${JWT} from the IdP` },
  { name: 'bearer', value: 'opaque-Bearer-tok3n-8f2e9a71c4', key: 'Authorization', text: 'Authorization: Bearer opaque-Bearer-tok3n-8f2e9a71c4' },
  { name: 'x-amz-security-token', value: 'IQoJb3JpZ2luX2VjEMASKTESTsessiontoken0123456789abcdef', key: 'x-amz-security-token', text: 'X-Amz-Security-Token=IQoJb3JpZ2luX2VjEMASKTESTsessiontoken0123456789abcdef' },
  { name: 'SessionToken', value: 'FwoGZXIvYXdzEMASKTESTstsSessionToken42', key: 'SessionToken', text: '"SessionToken": "FwoGZXIvYXdzEMASKTESTstsSessionToken42"' },
  { name: 'signature', value: 'a9f1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1', key: 'X-Amz-Signature', text: 'X-Amz-Signature=a9f1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1' },
  { name: 'password', value: 'Hunter2-MaskTest!', key: 'password', text: 'login with password=Hunter2-MaskTest!' },
  { name: 'passphrase', value: 'correct-horse-mask-battery', key: 'passphrase', text: 'passphrase: correct-horse-mask-battery' },
  { name: 'client secret', value: 'cs-MaskTest-7e1d9c0b3a', key: 'client_secret', text: 'client_secret=cs-MaskTest-7e1d9c0b3a' },
  { name: 'credential', value: 'cred-MaskTest-55aa77', key: 'credential', text: 'credential=cred-MaskTest-55aa77' },
  { name: 'api key', value: 'apikey-4c7e1f0b9a2d-mask', key: 'x-api-key', text: 'x-api-key: apikey-4c7e1f0b9a2d-mask' },
  { name: 'cookie', value: 'sid=ck-9f8e7d6c5b4a-mask', key: 'cookie', text: 'Cookie: sid=ck-9f8e7d6c5b4a-mask' },
  { name: 'db url password', value: 'pgS3cretMask77', key: 'note', text: 'connecting to postgres://app:pgS3cretMask77@db.internal:5432/orders' },
  { name: 'github token', value: 'ghp_MaskTest0123456789abcdefghijklmnopqrstu', key: 'note', text: 'cloning with ghp_MaskTest0123456789abcdefghijklmnopqrstu' },
  { name: 'slack token', value: 'xoxb-123456789012-MaskTestSlack-abcdef', key: 'note', text: 'slack xoxb-123456789012-MaskTestSlack-abcdef' },
  { name: 'stripe key', value: 'sk_live_MaskTest4eC39HqLyjWDarjtT1zdp7dc', key: 'note', text: 'stripe sk_live_MaskTest4eC39HqLyjWDarjtT1zdp7dc' },
  { name: 'pem private key', value: PEM_BODY, key: 'note', text: `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----` },
  { name: 'card number', value: '4111111111111111', key: 'note', text: 'charged card 4111111111111111 for 12.00 EUR' },
];

/** Ordinary values that look a little like secrets: they must come out exactly as they went in. */
export const FALSE_POSITIVES: string[] = [
  '1-5f84c7a1-b9e1f2d3c4a5b6c7d8e9f0a1', // X-Ray trace id
  '0af7651916cd43dd8448eb211c80319c', // W3C trace id
  'b7ad6b7169203331', // span id
  '550e8400-e29b-41d4-a716-446655440000', // UUID / request id
  'da39a3ee5e6b4b0d3255bfef95601890afd80709', // sha1
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', // sha256
  'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-credentials-AbCdEf',
  'monkey', 'keyboard', 'passenger', 'tokenizer', 'Bearer authentication',
  'Duration: 1795.25 ms', '1795161639120', 'orders/2026/11/20/invoice-1234.pdf',
];

/** Keys whose values are not secrets and stay visible. */
export const SAFE_ATTRIBUTES: Record<string, string | number> = {
  'http.route': '/orders/{id}',
  'aws.s3.key': 'orders/2026/11/20/invoice-1234.pdf',
  'Key': 'customer#42',
  'monkey': 'banana',
  'passenger': 'Ada',
  'gen_ai.usage.input_tokens': 1234,
  'secret_arn': 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-credentials-AbCdEf',
  'token_type': 'Bearer',
};

export const CORPUS_TRACE_ID = '6d61736b5f7465737430303030303031';
export const CORPUS_ROOT_SPAN = '6d61736b726f6f74';
export const CORPUS_REQUEST_ID = 'c0ffee00-1b2c-4d5e-8f90-a1b2c3d4e5f6';
export const CORPUS_FUNCTION = 'mask-test-fn';
const T0_MS = 1_700_000_000_000;

/** The span id of the child span that carries secret i. */
export function corpusSpanId(i: number): string {
  return `5ec2e7${String(i).padStart(10, '0')}`;
}

/** What is stored under the secret's key: the value itself, or for shape-only secrets (key `note`) the text. */
const keyed = (s: Secret) => (s.key === 'note' ? s.text : s.value);
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const ns = (ms: number) => String(BigInt(T0_MS + ms) * 1_000_000n);

/** One OTLP document: a Lambda server span, one child span per secret with the secret in every span position. */
export function corpusOtlp(): string {
  const children = SECRETS.map((s, i) => ({
    traceId: CORPUS_TRACE_ID,
    spanId: corpusSpanId(i),
    parentSpanId: CORPUS_ROOT_SPAN,
    name: `call ${s.text.split('\n')[0]}`,
    kind: 3,
    startTimeUnixNano: ns(10 + i * 5),
    endTimeUnixNano: ns(14 + i * 5),
    attributes: [
      str(s.key, keyed(s)),
      str('note.text', s.text),
      str(`http.request.header.${s.key.toLowerCase()}`, keyed(s)),
      str('url.full', `https://api.example.com/v1/items?${s.key === 'note' ? 'q' : s.key}=${s.key === 'note' ? encodeURI(s.text.split('\n')[0]) : s.value}`),
      str('http.request.method', 'GET'),
      str('false.positive', FALSE_POSITIVES.join(' ')),
      ...Object.entries(SAFE_ATTRIBUTES).map(([k, v]) => (typeof v === 'number' ? { key: k, value: { intValue: String(v) } } : str(k, v))),
    ],
    events: [{
      timeUnixNano: ns(12 + i * 5),
      name: 'exception',
      attributes: [
        str('exception.type', 'Error'),
        str('exception.message', `request failed: ${s.text}`),
        str('exception.stacktrace', `Error: request failed: ${s.text}\n    at handler (/var/task/index.js:10:5)`),
      ],
    }],
    status: { code: 2, message: s.text },
  }));
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [str('service.name', CORPUS_FUNCTION), str('cloud.provider', 'aws'), str('faas.name', CORPUS_FUNCTION)] },
      scopeSpans: [{
        scope: { name: 'mask-test' },
        spans: [
          {
            traceId: CORPUS_TRACE_ID, spanId: CORPUS_ROOT_SPAN, name: CORPUS_FUNCTION, kind: 2,
            startTimeUnixNano: ns(0), endTimeUnixNano: ns(500),
            attributes: [str('faas.invocation_id', CORPUS_REQUEST_ID), str('faas.trigger', 'http'), str('false.positive', FALSE_POSITIVES.join(' '))],
            status: {},
          },
          ...children,
        ],
      }],
    }],
  }, null, 1);
}

/** The invocation's log lines (a CloudWatch export): each secret in a plain line and in a JSON log line's fields. */
export function corpusLogs(): string {
  const ev = (ms: number, message: string) => ({ logStreamName: '2023/11/14/[$LATEST]abc', timestamp: T0_MS + ms, message, ingestionTime: T0_MS + ms + 500 });
  const iso = (ms: number) => new Date(T0_MS + ms).toISOString();
  const lines = [ev(1, `START RequestId: ${CORPUS_REQUEST_ID} Version: $LATEST\n`)];
  SECRETS.forEach((s, i) => {
    lines.push(ev(20 + i * 10, `${iso(20 + i * 10)}\t${CORPUS_REQUEST_ID}\tINFO\t${s.text}\n`));
    lines.push(ev(21 + i * 10, `${JSON.stringify({
      timestamp: iso(21 + i * 10), level: 'WARN', requestId: CORPUS_REQUEST_ID, message: `json line ${i}: ${s.text}`,
      [s.key === 'note' ? 'detail' : s.key]: keyed(s), request: { headers: { [s.key]: keyed(s) } },
    })}\n`));
  });
  lines.push(ev(400, `${iso(400)}\t${CORPUS_REQUEST_ID}\tINFO\tfalse positives: ${FALSE_POSITIVES.join(' ')}\n`));
  lines.push(ev(498, `END RequestId: ${CORPUS_REQUEST_ID}\n`));
  lines.push(ev(499, `REPORT RequestId: ${CORPUS_REQUEST_ID}\tDuration: 498.00 ms\tBilled Duration: 499 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n`));
  return JSON.stringify({ logGroupName: `/aws/lambda/${CORPUS_FUNCTION}`, events: lines }, null, 1);
}

/** aws/spans lines that are rejected: each problem message quotes a secret (`traceId is not a trace id: "..."`). */
export function corpusBadSpans(): string {
  return SECRETS.map((s) => JSON.stringify({
    resource: { attributes: { 'service.name': CORPUS_FUNCTION } },
    traceId: s.text.split('\n')[0], spanId: 'b7ad6b7169203331', name: 'bad', kind: 'SERVER',
    startTimeUnixNano: Number(ns(0)), endTimeUnixNano: Number(ns(1)),
  })).join('\n') + '\n';
}

/** The corpus as workspace files (relative path -> text). */
export function corpusFiles(folder = 'secrets'): Record<string, string> {
  return {
    [`${folder}/traces.otlp.json`]: corpusOtlp(),
    [`${folder}/logs/${CORPUS_FUNCTION}.json`]: corpusLogs(),
    [`${folder}/spans/bad-spans.ndjson`]: corpusBadSpans(),
  };
}

/** Every secret value found in `text` (an empty list is what a test wants). */
export function leakedSecrets(text: string): string[] {
  const found = SECRETS.filter((s) => text.includes(s.value)).map((s) => `${s.name}: ${s.value}`);
  // A card number is also a secret with its digits grouped.
  if (text.includes('4111 1111 1111 1111')) found.push('card number (grouped)');
  return found;
}
