// Security in a real VS Code: a workspace whose .vscode/settings.json points traceExplorer.aws.endpoint at a
// recording server gets no request there until the user confirms that host; source links outside the workspace
// open only after the user agrees. The modal dialog cannot be clicked from inside the extension host, so the
// extension's test-only seam (api.testing, present only in ExtensionMode.Test) answers it and records what was asked.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { SourceOpener } from '../../src/extension/openSource';
import { testPromptSeam } from '../../src/extension/security/prompt';
import type { Confirmation } from '../../src/extension/security/prompt';
import { datasetFromDir, startLoopback } from '../support/awsLoopback';
import type { LoopbackServer } from '../support/awsLoopback';
import { DUMMY } from '../support/awsLoopback/testUtil';
import { activate, closeAllEditors, extension, TraceExplorerApi, waitFor, withTimeout, workspaceRoot } from './helpers';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');
const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_EC2_METADATA_DISABLED', 'AWS_PROFILE'];
const RANGE = { startMs: Date.UTC(2026, 10, 20), endMs: Date.UTC(2026, 10, 21) };

type Seam = { answerPrompts(fn: ((c: Confirmation) => boolean) | undefined): void };

describe('security: a workspace-chosen AWS endpoint needs the user\'s confirmation', function () {
  this.timeout(120_000);
  let api: TraceExplorerApi;
  let server: LoopbackServer;
  let seam: Seam;
  let settingsFile: string;
  let savedSettings: string | undefined;
  const saved: Record<string, string | undefined> = {};
  const asked: Confirmation[] = [];
  let answer = false;

  before(async () => {
    api = await activate();
    await withTimeout('whenReady()', api.whenReady(), 60_000);
    seam = api.testing as Seam;
    assert.ok(seam && typeof seam.answerPrompts === 'function', 'api.testing is missing: the extension host is not in ExtensionMode.Test');
    seam.answerPrompts((c) => { asked.push(c); return answer; });
    server = await startLoopback({ dataset: datasetFromDir(SAMPLE), unlimited: true });
    for (const k of ENV) saved[k] = process.env[k];
    process.env.AWS_ACCESS_KEY_ID = DUMMY.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = DUMMY.secretAccessKey;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    delete process.env.AWS_PROFILE;
    const user = vscode.workspace.getConfiguration('traceExplorer.aws').inspect('endpoint');
    assert.strictEqual(user?.globalValue, undefined, 'an endpoint in user settings would make this test meaningless');
    // The workspace as a cloned repository would ship it: .vscode/settings.json, written on disk.
    settingsFile = path.join(workspaceRoot()!, '.vscode', 'settings.json');
    savedSettings = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({
      'traceExplorer.aws.endpoint': server.endpoint,
      'traceExplorer.aws.region': 'us-east-1',
      'traceExplorer.aws.logGroups': ['/aws/lambda/shop-orders-api'],
    }, null, 2));
    await waitFor('VS Code read the workspace settings', () =>
      vscode.workspace.getConfiguration('traceExplorer.aws').inspect('endpoint')?.workspaceValue === server.endpoint, 20_000);
  });

  after(async () => {
    seam?.answerPrompts(undefined);
    if (settingsFile) {
      if (savedSettings === undefined) fs.rmSync(settingsFile, { force: true });
      else fs.writeFileSync(settingsFile, savedSettings);
      await waitFor('workspace settings restored', () => vscode.workspace.getConfiguration('traceExplorer.aws').inspect('endpoint')?.workspaceValue === undefined, 20_000).catch(() => undefined);
    }
    for (const k of ENV) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
    await vscode.commands.executeCommand('traceExplorer.openSample');
    await server?.close();
  });

  it('Fetch from AWS and Connect send nothing to the endpoint when the user declines, and say why', async () => {
    answer = false;
    asked.length = 0;
    await withTimeout('fetchAws', vscode.commands.executeCommand('traceExplorer.fetchAws', RANGE), 30_000);
    await withTimeout('connectAws', vscode.commands.executeCommand('traceExplorer.connectAws', { ...RANGE, logGroups: ['/aws/lambda/shop-orders-api'] }), 30_000);
    // Give any stray request time to arrive.
    await new Promise((r) => setTimeout(r, 1000));
    assert.strictEqual(server.log.length, 0, `requests reached the workspace's endpoint: ${JSON.stringify(server.counts)}`);
    assert.deepStrictEqual(asked.map((c) => c.kind), ['aws-endpoint', 'aws-endpoint']);
    assert.ok(asked[0].detail.includes(server.endpoint), `the dialog shows the host as text: ${asked[0].detail}`);
    assert.notStrictEqual((api.getSources as () => { kind: string }[])()[0]?.kind, 'aws');
  });

  it('after the user confirms the host, the fetch goes there, and the answer is remembered for this workspace', async () => {
    answer = true;
    asked.length = 0;
    await withTimeout('fetchAws', vscode.commands.executeCommand('traceExplorer.fetchAws', RANGE), 60_000);
    assert.deepStrictEqual(asked.map((c) => c.kind), ['aws-endpoint']);
    assert.ok(server.count('FilterLogEvents') >= 1, JSON.stringify(server.counts));
    // What the confirmation protects: the requests there are signed with the user's access key id.
    assert.ok(server.log.some((r) => r.sig?.accessKeyId === DUMMY.accessKeyId), 'signed requests arrived');
    const ds = await waitFor('AWS dataset', async () => { const d = await api.getDataset(); return d && d.invocations.length > 0 ? d : undefined; }, 60_000);
    assert.ok(ds.invocations.length > 0);
    answer = false;
    // The disk cache would answer the same range without a request: empty it so the fetch must reach the host.
    await vscode.commands.executeCommand('traceExplorer.clearCache');
    const before = server.log.length;
    await withTimeout('fetchAws again', vscode.commands.executeCommand('traceExplorer.fetchAws', RANGE), 60_000);
    assert.deepStrictEqual(asked.map((c) => c.kind), ['aws-endpoint'], 'not asked again for the same workspace and host');
    assert.ok(server.log.length > before, 'the second fetch reached the confirmed host');
  });

  it('a profile the workspace switches to is asked about too, even for the confirmed host; declined, nothing is sent', async () => {
    answer = false;
    asked.length = 0;
    fs.writeFileSync(settingsFile, JSON.stringify({
      'traceExplorer.aws.endpoint': server.endpoint,
      'traceExplorer.aws.region': 'us-east-1',
      'traceExplorer.aws.logGroups': ['/aws/lambda/shop-orders-api'],
      'traceExplorer.aws.profile': 'someone-elses-prod',
    }, null, 2));
    await waitFor('VS Code read the workspace profile', () =>
      vscode.workspace.getConfiguration('traceExplorer.aws').inspect('profile')?.workspaceValue === 'someone-elses-prod', 20_000);
    await vscode.commands.executeCommand('traceExplorer.clearCache');
    const before = server.log.length;
    await withTimeout('fetchAws', vscode.commands.executeCommand('traceExplorer.fetchAws', RANGE), 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepStrictEqual(asked.map((c) => c.kind), ['aws-profile']);
    assert.ok(asked[0].detail.includes('someone-elses-prod'), asked[0].detail);
    assert.strictEqual(server.log.length, before, 'no request with the unconfirmed profile');
  });
});

describe('security: source links outside the workspace', function () {
  this.timeout(60_000);
  // The extension's own SourceOpener (as source.test.ts uses it), with its confirmation answered by this test.
  const seam = testPromptSeam(vscode.ExtensionMode.Test)!;
  const asked: Confirmation[] = [];
  let answer = false;
  let outsideDir: string;
  let outsideFile: string;
  let link: string;
  let opener: SourceOpener;

  before(async () => {
    await activate();
    opener = new SourceOpener(extension().extensionUri);
    seam.answerPrompts((c) => { asked.push(c); return answer; });
    outsideDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ste-outside-')));
    outsideFile = path.join(outsideDir, 'not-in-workspace.js');
    fs.writeFileSync(outsideFile, '// outside the workspace\nmodule.exports = 1;\n');
    link = path.join(workspaceRoot()!, 'src', 'points-outside.js');
    fs.symlinkSync(outsideFile, link);
  });

  beforeEach(() => { asked.length = 0; answer = false; });
  afterEach(() => closeAllEditors());

  after(() => {
    seam.answerPrompts(undefined);
    fs.rmSync(link, { force: true });
    fs.rmSync(outsideDir, { recursive: true, force: true });
  });

  const activeFile = () => vscode.window.activeTextEditor?.document.uri.fsPath;

  it('asks before opening /etc/passwd, showing the path, and opens nothing when the user declines', async () => {
    const r = await opener.open('/etc/passwd', 1);
    assert.strictEqual(r.ok, false, r.message);
    assert.deepStrictEqual(asked.map((c) => c.kind), ['open-outside-workspace']);
    assert.ok(asked[0].detail.includes('/etc/passwd'), asked[0].detail);
    assert.notStrictEqual(activeFile(), '/etc/passwd');
  });

  it('treats a workspace symlink pointing outside as outside (the real path is shown)', async () => {
    const r = await opener.open(link, 1);
    assert.strictEqual(r.ok, false, r.message);
    assert.strictEqual(asked.length, 1);
    assert.ok(asked[0].detail.includes(outsideFile), asked[0].detail);
  });

  it('resolves `..` before checking: out of the workspace and back in opens without asking', async () => {
    const root = workspaceRoot()!;
    const rel = (fs.readdirSync(path.join(root, 'src'), { recursive: true }) as string[])
      .find((f) => f.endsWith('.js') && !f.endsWith('points-outside.js'));
    assert.ok(rel, 'a .js file in the sample workspace');
    const roundabout = `${root}/../${path.basename(root)}/src/${rel}`;
    const r = await opener.open(roundabout, 1);
    assert.ok(r.ok, r.message);
    assert.strictEqual(asked.length, 0, 'asked about a file inside the workspace');
    const escaping = `${root}/src/../../${path.relative(path.dirname(root), outsideFile)}`;
    const r2 = await opener.open(escaping, 1);
    assert.strictEqual(r2.ok, false, r2.message);
    assert.strictEqual(asked.length, 1);
  });

  it('opens a file outside the workspace once the user agrees', async () => {
    answer = true;
    const r = await opener.open(outsideFile, 2);
    assert.ok(r.ok, r.message);
    assert.strictEqual(asked.length, 1);
    await waitFor('the outside file in the editor', () => activeFile() === outsideFile, 10_000);
  });
});
