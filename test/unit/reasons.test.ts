// The skip and warning reasons users read about (README, docs/input-limits.md) are exactly those the code emits.
import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { SKIP_REASONS, WARNING_REASONS } from '../../src/core/readers/types';

const ROOT = path.resolve(__dirname, '../../..');

function sourcesUnder(dir: string): string {
  return readdirSync(dir, { withFileTypes: true }).map((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourcesUnder(p) : p.endsWith('.ts') && !p.endsWith(path.join('readers', 'types.ts')) ? readFileSync(p, 'utf8') : '';
  }).join('\n');
}

/** The backticked names in the README sentence that starts with `label`, up to its full stop. */
function listed(readme: string, label: string): string[] {
  const at = readme.indexOf(label);
  assert.ok(at >= 0, `README has "${label}"`);
  const sentence = readme.slice(at + label.length, readme.indexOf('.\n', at) >= 0 ? readme.indexOf('.\n', at) : undefined);
  return [...sentence.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
}

describe('skip and warning reasons: docs match the code', () => {
  const code = sourcesUnder(path.join(ROOT, 'src', 'core'));
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const limits = readFileSync(path.join(ROOT, 'docs', 'input-limits.md'), 'utf8');

  it('every declared reason is emitted somewhere in the core', () => {
    for (const r of [...SKIP_REASONS, ...WARNING_REASONS]) {
      assert.ok(new RegExp(`(skip|warn)\\('${r}'|reason: '${r}'|'${r}' as const`).test(code), `the core never emits "${r}"`);
    }
  });

  it('the README lists exactly the skip reasons and the warning reasons', () => {
    assert.deepEqual(listed(readme, '`skipped` reasons (the record is lost):').sort(), [...SKIP_REASONS].sort());
    assert.deepEqual(listed(readme, '`warnings` reasons (the record is kept and flagged):').sort(), [...WARNING_REASONS].sort());
  });

  it('docs/input-limits.md explains every reason', () => {
    for (const r of [...SKIP_REASONS, ...WARNING_REASONS]) assert.match(limits, new RegExp(`\\| \`${r}\` \\|`), `docs/input-limits.md has a row for ${r}`);
  });
});
