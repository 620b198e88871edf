#!/usr/bin/env node
// End-to-end tests: playwright-core drives VS Code (code-server on 127.0.0.1) in headless Chromium
// like a person. Runs mocha over out/test/e2e/**/*.{test,e2e}.js in Node, prints one line per test and
// then exactly `N passed, N failed`; exit code 0 only when every test passed and at least one ran.
// Screenshots: test-results/screenshots/<theme>-<step>.png. Logs: test-results/e2e-*.log.
//
// Needs a build first: npx tsc -p . && npm run package (webpack bundles, and the .vsix that test/e2e/vsix.test.ts installs)
// Env: E2E_THEMES=light,dark,hc (subset of themes), E2E_GREP (mocha grep), KEEP_TEST_TMP=1.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const REPO = path.resolve(__dirname, '..');
const E2E_DIR = path.join(REPO, 'out', 'test', 'e2e');
const RESULTS_DIR = path.join(REPO, 'test-results');

function log(s) {
  process.stdout.write(s + '\n');
}

function findTests(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (e.name.endsWith('.test.js') || e.name.endsWith('.e2e.js')) out.push(p);
  }
  return out.sort();
}

async function main() {
  const files = findTests(E2E_DIR);
  if (!files.length) {
    log(`no end-to-end tests in ${path.relative(REPO, E2E_DIR)}: build first (npx tsc -p . && npx webpack --mode production).`);
    log('0 passed, 1 failed');
    return 1;
  }
  const cs = require(path.join(REPO, 'out', 'test', 'support', 'codeServer.js'));
  if (!cs.codeServerInstalled()) {
    log(`code-server is not installed at ${cs.codeServerDir()}: bash scripts/install-code-server.sh .vscode-test/code-server`);
    log('0 passed, 1 failed');
    return 1;
  }
  if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) {
    log('dist/extension.js is missing: build first (npx tsc -p . && npx webpack --mode production).');
    log('0 passed, 1 failed');
    return 1;
  }
  fs.mkdirSync(path.join(RESULTS_DIR, 'screenshots'), { recursive: true });
  const started = Date.now();
  // Mocha's Base reporter prints nothing; this driver prints.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: Mocha.reporters.Base });
  if (process.env.E2E_GREP) mocha.grep(process.env.E2E_GREP);
  for (const f of files) mocha.addFile(f);
  let passed = 0;
  let failed = 0;
  let pending = 0;
  const results = [];
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('suite', (s) => {
      if (s.title) log(`${s.title}`);
    });
    runner.on('pass', (t) => {
      passed++;
      results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      log(`  ✓ ${t.title} (${t.duration} ms)`);
    });
    runner.on('fail', (t, err) => {
      failed++;
      const msg = `${err && err.message ? err.message : err}`;
      results.push({ title: t.fullTitle(), state: 'failed', error: msg });
      log(`  ✗ ${t.title}`);
      for (const line of msg.split('\n').slice(0, 15)) log(`      ${line}`);
    });
    runner.on('pending', (t) => {
      pending++;
      results.push({ title: t.fullTitle(), state: 'skipped' });
      log(`  - ${t.title} (skipped)`);
    });
  });
  fs.writeFileSync(
    path.join(RESULTS_DIR, 'e2e-results.json'),
    JSON.stringify({ passed, failed, skipped: pending, durationMs: Date.now() - started, tests: results }, null, 2),
  );
  log(`(end-to-end tests took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in test-results/screenshots)`);
  if (passed + failed === 0) {
    log('  ✗ no tests ran');
    failed = 1;
  }
  log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(`e2e driver failed: ${e && e.stack ? e.stack : e}`);
    log('0 passed, 1 failed');
    process.exit(1);
  },
);
