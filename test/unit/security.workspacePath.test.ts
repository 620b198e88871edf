// The workspace check before a source link opens: real folders and symlinks on disk, no mocks.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkInside, isWithin } from '../../src/extension/security/workspacePath';

describe('security: is a source path inside the workspace', () => {
  let tmp: string;
  let ws: string;
  let outside: string;

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ste-wspath-')));
    ws = path.join(tmp, 'ws');
    outside = path.join(tmp, 'outside');
    fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(ws, 'src', 'handler.js'), 'exports.handler = 1;\n');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'not yours\n');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(ws, 'src', 'link-out.js'));
    fs.symlinkSync(outside, path.join(ws, 'linked-dir'));
    fs.symlinkSync(path.join(ws, 'src', 'handler.js'), path.join(ws, 'link-in.js'));
    // A folder next to the workspace whose name starts with the workspace's: not inside it.
    fs.mkdirSync(path.join(tmp, 'ws-evil'));
    fs.writeFileSync(path.join(tmp, 'ws-evil', 'x.js'), '1\n');
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('accepts a file inside a workspace folder, and the folder itself', async () => {
    const r = await checkInside(path.join(ws, 'src', 'handler.js'), [ws]);
    assert.deepStrictEqual(r, { inside: true, real: path.join(ws, 'src', 'handler.js'), root: ws });
    assert.strictEqual((await checkInside(ws, [ws])).inside, true);
  });

  it('refuses a file outside every workspace folder', async () => {
    const r = await checkInside(path.join(outside, 'secret.txt'), [ws]);
    assert.strictEqual(r.inside, false);
    assert.strictEqual(r.real, path.join(outside, 'secret.txt'));
  });

  it('resolves `..` before checking', async () => {
    const sneaky = `${ws}/src/../../outside/secret.txt`;
    const r = await checkInside(sneaky, [ws]);
    assert.strictEqual(r.inside, false);
    assert.strictEqual(r.real, path.join(outside, 'secret.txt'));
    // `..` that stays inside is fine.
    assert.strictEqual((await checkInside(`${ws}/src/../src/handler.js`, [ws])).inside, true);
  });

  it('follows symlinks: a link inside the workspace pointing outside is outside', async () => {
    const file = await checkInside(path.join(ws, 'src', 'link-out.js'), [ws]);
    assert.strictEqual(file.inside, false);
    assert.strictEqual(file.real, path.join(outside, 'secret.txt'));
    const viaDir = await checkInside(path.join(ws, 'linked-dir', 'secret.txt'), [ws]);
    assert.strictEqual(viaDir.inside, false);
    // A file that does not exist below a linked folder resolves through the link too.
    assert.strictEqual((await checkInside(path.join(ws, 'linked-dir', 'missing.js'), [ws])).inside, false);
    // A link that stays inside is inside.
    assert.strictEqual((await checkInside(path.join(ws, 'link-in.js'), [ws])).inside, true);
  });

  it('refuses an absolute system path such as /etc/passwd', async () => {
    const r = await checkInside('/etc/passwd', [ws]);
    assert.strictEqual(r.inside, false);
    assert.ok(r.real.endsWith(`${path.sep}passwd`), r.real);
  });

  it('does not take a sibling folder sharing the name prefix for the workspace', async () => {
    assert.strictEqual((await checkInside(path.join(tmp, 'ws-evil', 'x.js'), [ws])).inside, false);
    assert.strictEqual(isWithin('/a/ws', '/a/ws-evil/x'), false);
    assert.strictEqual(isWithin('/a/ws', '/a/ws/x'), true);
    assert.strictEqual(isWithin('/a/ws', '/a'), false);
  });

  it('accepts a file in any of several roots (multi-root workspace, bundled sample app)', async () => {
    const r = await checkInside(path.join(outside, 'secret.txt'), [ws, outside]);
    assert.strictEqual(r.inside, true);
    assert.strictEqual(r.root, outside);
  });
});
