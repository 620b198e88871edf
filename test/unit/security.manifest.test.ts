// package.json declares limited support for untrusted workspaces, with every setting that calls AWS or reads files
// outside the workspace restricted: a new traceExplorer.aws.* setting cannot be added and forgotten here.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));

describe('security: Restricted Mode in package.json', () => {
  const cap = pkg.capabilities?.untrustedWorkspaces;
  const settings = Object.keys(pkg.contributes.configuration.properties as Record<string, unknown>);

  it('is limited, with a description', () => {
    assert.strictEqual(cap?.supported, 'limited');
    assert.ok(typeof cap.description === 'string' && cap.description.length > 20);
  });

  it('restricts every AWS setting and the source map setting, and names only settings that exist', () => {
    const restricted: string[] = cap.restrictedConfigurations;
    for (const s of settings.filter((k) => k.startsWith('traceExplorer.aws.'))) assert.ok(restricted.includes(s), `${s} is not restricted`);
    assert.ok(restricted.includes('traceExplorer.sourceMap'));
    for (const r of restricted) assert.ok(settings.includes(r), `${r} is not a contributed setting`);
    // Local files inside the workspace stay readable in Restricted Mode (outside paths are refused in code).
    assert.ok(!restricted.includes('traceExplorer.localPaths'));
  });
});
