import * as assert from 'assert';
import { baseName, pathSegments, resolveSourcePath } from '../../src/core/sourcePaths';

describe('sourcePaths.resolveSourcePath', () => {
  const ws = [
    '/home/me/proj/samples/app/src/orders/handler.js',
    '/home/me/proj/samples/app/src/payments/handler.js',
    '/home/me/proj/src/handler.js',
  ];

  it('picks the longest matching suffix', () => {
    const r = resolveSourcePath('/var/task/src/orders/handler.js', ws);
    assert.deepStrictEqual(r, { ok: true, file: ws[0], matchedSegments: 3 });
    const p = resolveSourcePath('/var/task/src/payments/handler.js', ws);
    assert.ok(p.ok && p.file === ws[1]);
  });

  it('falls back to the file name alone, preferring the shortest candidate', () => {
    const r = resolveSourcePath('/var/task/handler.js', ws);
    assert.ok(r.ok);
    assert.strictEqual(r.ok && r.file, '/home/me/proj/src/handler.js');
    assert.strictEqual(r.ok && r.matchedSegments, 1);
  });

  it('handles Windows candidates, file URIs and relative paths', () => {
    const win = ['C:\\work\\app\\src\\orders\\handler.js'];
    assert.ok(resolveSourcePath('/var/task/src/orders/handler.js', win).ok);
    assert.ok(resolveSourcePath('file:///var/task/src/orders/handler.js', ws).ok);
    assert.ok(resolveSourcePath('./src/orders/handler.js', ws).ok);
    assert.deepStrictEqual(pathSegments('C:\\a\\.\\b'), ['a', 'b']);
    assert.strictEqual(baseName('/var/task/x/y.ts'), 'y.ts');
  });

  it('prefers exact case, then matches case-insensitively', () => {
    const c = ['/p/Src/Orders/Handler.js', '/q/src/orders/handler.js'];
    const exact = resolveSourcePath('/var/task/src/orders/handler.js', c);
    assert.ok(exact.ok && exact.file === c[1]);
    const folded = resolveSourcePath('/var/task/SRC/ORDERS/HANDLER.JS', c);
    assert.ok(folded.ok && folded.matchedSegments === 3);
  });

  it('names the path it looked for when nothing matches', () => {
    const r = resolveSourcePath('/var/task/src/missing.js', ws);
    assert.strictEqual(r.ok, false);
    assert.ok(!r.ok && r.reason.includes('/var/task/src/missing.js'));
    assert.ok(!r.ok && r.reason.includes('missing.js'));
    const empty = resolveSourcePath('', ws);
    assert.strictEqual(empty.ok, false);
  });
});
