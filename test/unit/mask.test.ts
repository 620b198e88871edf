// Secret masking (issue 16): by key name and by value shape, in every position, through the CLI's whole path; the
// false-positive corpus, the fixtures and the sample come out unchanged.
import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { createMasker, hideSecret, isCardNumber, isSecretKeyName, Masker, MaskPatternError } from '../../src/core/mask';
import { loadPaths } from '../../src/core/load';
import type { Attributes, LogEvent } from '../../src/core/model';
import { FIXTURES } from './fixturesDir';
import { main } from '../../src/cli/main';
import {
  CORPUS_REQUEST_ID, CORPUS_TRACE_ID, corpusFiles, corpusSpanId, FALSE_POSITIVES, leakedSecrets, SAFE_ATTRIBUTES, SECRETS,
} from '../support/secretsCorpus';

async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => { out += t + '\n'; }, err: (t) => { err += t + '\n'; } });
  return { code, out, err };
}

const MASKED = /\*\*\*\*[0-9a-f]{6}/;
const SAMPLE = path.resolve(__dirname, '../../../samples/data');

describe('masking: key names', () => {
  it('masks the keys Lumigo masks and their usual spellings', () => {
    for (const k of ['password', 'db.password', 'DB_PASS', 'passwd', 'pwd', 'passphrase', 'secret', 'clientSecret', 'client_secret',
      'credentials', 'credential', 'x-amz-credential', 'token', 'access_token', 'idToken', 'SessionToken', 'x-amz-security-token',
      'X-Amz-Signature', 'signature', 'Authorization', 'proxy-authorization', 'http.request.header.authorization', 'cookie',
      'set-cookie', 'http.response.header.set-cookie', 'api_key', 'apiKey', 'x-api-key', 'APIKEY', 'aws_secret_access_key',
      'secretAccessKey', 'private_key', 'SecretString', 'auth']) {
      assert.ok(isSecretKeyName(k), `${k} should be masked`);
    }
  });

  it('keeps ordinary keys, a bare `key` and keys that describe a secret rather than hold it', () => {
    for (const k of ['key', 'Key', 'aws.s3.key', 's3.object.key', 'cache_key', 'idempotency_key', 'aws.dynamodb.key_conditions', 'http.route',
      'monkey', 'keyboard', 'passenger', 'tokenizer', 'gen_ai.usage.input_tokens', 'secret_arn', 'secretName', 'token_type',
      'password_policy', 'auth_type', 'accessKeyId', 'faas.invocation_id', 'url.full', 'db.statement', 'author', 'bypass']) {
      assert.ok(!isSecretKeyName(k), `${k} should stay visible`);
    }
  });

  it('adds and allows keys from the settings (whole-key, case-insensitive regular expressions)', () => {
    const m = new Masker({ keys: ['x-internal-.*', 'ssn'], allowKeys: ['session_token_count', 'PASSWORD'] });
    assert.ok(m.isSecretKey('X-Internal-Ticket'));
    assert.ok(m.isSecretKey('SSN'));
    assert.ok(!m.isSecretKey('ssn_country'), 'a pattern matches the whole key');
    assert.ok(!m.isSecretKey('password'), 'allowed keys win over the built-in rule');
    assert.ok(m.isSecretKey('db_password'));
    const a: Attributes = { 'x-internal-ticket': 'T-123456', note: 'ssn=123-45-6789' };
    m.attributes(a);
    assert.match(String(a['x-internal-ticket']), MASKED);
    assert.equal(a.note, `ssn=${hideSecret('123-45-6789')}`, 'user key patterns also apply to key=value text');
  });

  it('names a bad pattern instead of failing somewhere later', () => {
    assert.throws(() => new Masker({ keys: ['(unclosed'] }), (e: unknown) => e instanceof MaskPatternError && /"\(unclosed"/.test((e as Error).message));
    assert.throws(() => new Masker({ values: ['[z-a]'] }), MaskPatternError);
  });
});

describe('masking: value shapes and key=value text', () => {
  const m = new Masker();

  it('masks every secret of the corpus in its free-text form, and keeps the text around it', () => {
    for (const s of SECRETS) {
      const out = m.text(`before ${s.text} after`);
      assert.deepEqual(leakedSecrets(out), [], `${s.name}: ${out}`);
      assert.match(out, MASKED, s.name);
      // A Cookie header is masked to the end of its line: every cookie in it.
      assert.ok(out.startsWith('before ') && (out.endsWith(' after') || s.name === 'cookie'), `${s.name}: ${out}`);
    }
  });

  it('shows a masked value as **** and a short keyed hash: equal secrets alike, different ones not', () => {
    const a = m.text('password=alpha-secret-1 and again password=alpha-secret-1, then password=beta-secret-2');
    const masks = a.match(/\*\*\*\*[0-9a-f]{6}/g) ?? [];
    assert.equal(masks.length, 3, a);
    assert.equal(masks[0], masks[1]);
    assert.notEqual(masks[0], masks[2]);
    assert.equal(masks[0], hideSecret('alpha-secret-1'));
  });

  it('keeps what says how a secret is used: the auth scheme, the URL user, the PEM armour', () => {
    assert.equal(m.text('Authorization: Bearer abc.def-123'), `Authorization: Bearer ${hideSecret('abc.def-123')}`);
    assert.equal(m.text('mongodb+srv://admin:pw123456@cluster0/db'), `mongodb+srv://admin:${hideSecret('pw123456')}@cluster0/db`);
    assert.match(m.text('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----'), /^-----BEGIN RSA PRIVATE KEY-----\*\*\*\*[0-9a-f]{6}-----END RSA PRIVATE KEY-----$/);
  });

  it('masks query-string and form parameters, each on its own', () => {
    const out = m.text('GET /cb?code=ok&access_token=tok-1234567&state=xyz&X-Amz-Signature=abcdef012345 HTTP/1.1');
    assert.equal(out, `GET /cb?code=ok&access_token=${hideSecret('tok-1234567')}&state=xyz&X-Amz-Signature=${hideSecret('abcdef012345')} HTTP/1.1`);
    assert.equal(m.text('user=bob&password=s3cr3t!&remember=true'), `user=bob&password=${hideSecret('s3cr3t!')}&remember=true`);
  });

  it('masks JSON log text field by field, nested, and JSON escaped inside JSON; it stays valid JSON', () => {
    const text = JSON.stringify({ level: 'INFO', password: 'p1-secret', nested: { apiKey: 'k-123456' }, credentials: { user: 'u1', pin: 4242 }, tokens: 12, body: JSON.stringify({ client_secret: 'inner-secret' }) });
    const out = m.text(text);
    const v = JSON.parse(out);
    assert.match(v.password, MASKED);
    assert.match(v.nested.apiKey, MASKED);
    assert.match(v.credentials.user, MASKED, 'everything under a secret key');
    assert.match(String(v.credentials.pin), MASKED);
    assert.equal(v.tokens, 12);
    assert.match(JSON.parse(v.body).client_secret, MASKED);
    assert.ok(!out.includes('p1-secret') && !out.includes('inner-secret'));
  });

  it('masks a whole Cookie header, not only its first cookie', () => {
    assert.equal(m.text('Cookie: sid=abc123; csrftoken=def456'), `Cookie: ${hideSecret('sid=abc123; csrftoken=def456')}`);
  });

  it('checks card numbers with Luhn and a network prefix', () => {
    assert.ok(isCardNumber('4111111111111111'));
    assert.ok(isCardNumber('3782 822463 10005'));
    assert.ok(isCardNumber('5555-5555-5555-4444'));
    assert.ok(!isCardNumber('4111111111111112'), 'fails Luhn');
    assert.ok(!isCardNumber('1795161639120'), 'an epoch in ms is not a card');
    assert.equal(m.text('order 4111111111111112 shipped'), 'order 4111111111111112 shipped');
  });

  it('leaves the false-positive corpus untouched', () => {
    for (const fp of FALSE_POSITIVES) assert.equal(m.text(fp), fp);
    const all = FALSE_POSITIVES.join(' ');
    assert.equal(m.text(all), all);
    const a: Attributes = { ...SAFE_ATTRIBUTES };
    m.attributes(a);
    assert.deepEqual(a, SAFE_ATTRIBUTES);
  });

  it('applies extra value patterns everywhere', () => {
    const x = new Masker({ values: ['acme_[A-Za-z0-9]{8}'] });
    assert.equal(x.text('deploy with acme_Zx81Qp0a now'), `deploy with ${hideSecret('acme_Zx81Qp0a')} now`);
  });

  it('walks deep JSON without recursion', () => {
    const depth = 50_000;
    const deep = '{"a":'.repeat(depth) + '{"password":"deep-secret"}' + '}'.repeat(depth);
    const out = m.text(deep);
    assert.ok(!out.includes('deep-secret'));
  });

  it('is off when enabled is false', () => {
    assert.equal(createMasker({ enabled: false }), undefined);
  });

  it('masks a log event in place: message, JSON fields kept as text or object, failure message', () => {
    const text = '{"level":"ERROR","message":"x","password":"pw-in-fields"}';
    const e: LogEvent = { timestampMs: 1, message: text, kind: 'app', fields: text, format: 'lambda-json', origin: { file: 'f', line: 1 },
      failure: { kind: 'error', errorMessage: 'bad token=tok-99999999' } };
    m.log(e);
    assert.ok(!e.message.includes('pw-in-fields'));
    assert.equal(e.fields, e.message);
    assert.ok(!e.failure!.errorMessage!.includes('tok-99999999'));
    const obj: LogEvent = { timestampMs: 1, message: 'cold', kind: 'app', fields: { secret: 'obj-secret', n: 1 }, format: 'lambda-json', origin: { file: 'f', line: 1 } };
    m.log(obj);
    assert.match(String((obj.fields as Record<string, unknown>).secret), MASKED);
  });
});

describe('masking: the CLI never prints a secret of the corpus', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mask-'));
    for (const [rel, text] of Object.entries(corpusFiles('data'))) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const data = () => path.join(dir, 'data');

  it('the corpus really holds every secret (the unmasked load and --no-mask show them)', async () => {
    const ds = await loadPaths([data()], { mask: { enabled: false } });
    const raw = JSON.stringify(ds.spans) + JSON.stringify(ds.invocations.flatMap((i) => i.logs)) + JSON.stringify(ds.problems);
    assert.deepEqual(SECRETS.filter((s) => !raw.includes(s.value)).map((s) => s.name), []);
    const r = await runCli(['trace', CORPUS_TRACE_ID, data(), '--json', '--no-mask']);
    assert.ok(leakedSecrets(r.out + r.err).length >= SECRETS.length - 2, 'with --no-mask the secrets are shown');
  });

  it('trace --json, trace (text), summary, summary --json, query, stats and graph: no secret in stdout or stderr', async () => {
    const runs = [
      ['trace', CORPUS_TRACE_ID, data(), '--json'],
      ['trace', CORPUS_TRACE_ID, data()],
      ['summary', data()],
      ['summary', data(), '--json'],
      ['query', 'status:error', data(), '--json'],
      ['query', '', data()],
      ['stats', data(), '--by', 'operation', '--json'],
      ['graph', data(), '--json'],
    ];
    for (const argv of runs) {
      const r = await runCli(argv);
      assert.deepEqual(leakedSecrets(r.out + r.err), [], `trace-explorer ${argv.join(' ')}`);
      if (argv[0] === 'trace') assert.match(r.out, MASKED, 'the masks are shown in place of the secrets');
    }
  });

  it('every position is masked: span name, status, attributes, headers, URL, exception, log line, JSON field, problem message', async () => {
    const ds = await loadPaths([data()]);
    const trace = ds.traceById.get(CORPUS_TRACE_ID)!;
    assert.equal(trace.nodes.length, SECRETS.length + 1);
    for (let i = 0; i < SECRETS.length; i++) {
      const s = ds.spans.find((x) => x.spanId === corpusSpanId(i))!;
      const positions: Record<string, unknown> = {
        name: s.name, status: s.statusMessage, attributes: s.attributes, exception: s.exceptions.length ? s.exceptions : s.events,
      };
      for (const [where, v] of Object.entries(positions)) assert.deepEqual(leakedSecrets(JSON.stringify(v)), [], `${SECRETS[i].name} in the span's ${where}`);
      assert.match(JSON.stringify(s.attributes), MASKED);
    }
    const logs = ds.invocationByRequestId.get(CORPUS_REQUEST_ID)!.logs;
    assert.ok(logs.length >= SECRETS.length * 2);
    assert.deepEqual(leakedSecrets(JSON.stringify(logs.map((l) => [l.message, l.fields, l.failure]))), []);
    assert.equal(ds.problems.length, SECRETS.length, 'each bad span line is a problem');
    assert.deepEqual(leakedSecrets(JSON.stringify(ds.problems)), []);
    assert.ok(ds.problems.some((p) => MASKED.test(p.message)), JSON.stringify(ds.problems[0]));
  });

  it('keeps the false-positive corpus and the safe attributes as they were', async () => {
    const ds = await loadPaths([data()]);
    const root = ds.spans.find((x) => x.spanId !== corpusSpanId(0) && x.attributes['false.positive'] !== undefined)!;
    assert.equal(root.attributes['false.positive'], FALSE_POSITIVES.join(' '));
    for (const [k, v] of Object.entries(SAFE_ATTRIBUTES)) assert.equal(ds.spans.find((x) => x.spanId === corpusSpanId(3))!.attributes[k], v, k);
    const r = await runCli(['trace', CORPUS_TRACE_ID, data(), '--json']);
    assert.ok(r.out.includes(`false positives: ${FALSE_POSITIVES.join(' ')}`), 'the log line of false positives is printed unchanged');
  });

  it('does not echo a secret typed as an argument', async () => {
    const secret = SECRETS[0].value;
    for (const argv of [['trace', secret, data()], ['graph', data(), '--trace', `password=${SECRETS[7].value}`], ['query', `name:"${SECRETS[4].text}" duration>`, data()], ['summary', `--${secret}`, data()]]) {
      const r = await runCli(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.deepEqual(leakedSecrets(r.out + r.err), [], `${argv.join(' ')}\n${r.err}`);
      assert.match(r.err, MASKED, r.err);
    }
  });
});

describe('masking: the fixtures and the sample read the same with and without it', function () {
  this.timeout(120_000);
  for (const [name, dir] of [['third-party fixtures', FIXTURES], ['bundled sample', SAMPLE]]) {
    it(name, async () => {
      const masked = await loadPaths([dir]);
      const plain = await loadPaths([dir], { mask: { enabled: false } });
      assert.deepEqual(masked.summary(), plain.summary());
      assert.ok(masked.spans.length > 0);
      assert.equal(JSON.stringify(masked.spans), JSON.stringify(plain.spans), 'no span changed');
      assert.equal(JSON.stringify(masked.invocations.flatMap((i) => i.logs)), JSON.stringify(plain.invocations.flatMap((i) => i.logs)), 'no log line changed');
    });
  }
});
