#!/usr/bin/env node
// Runs the extension-host test suite (out/test/host/index.js, mocha inside VS Code's real extension
// host) and reports: one line per test as it finishes, then exactly `N passed, N failed`. Exit code 0 only when
// every test passed and at least one ran.
//
// Where a desktop VS Code exists (VSCODE_EXECUTABLE, or a desktop `code` on PATH) it runs under
// @vscode/test-electron; otherwise in code-server (scripts/install-code-server.sh) driven by headless
// Chromium, with the suite passed as the `extensionTestsPath` payload. Force one with
// TRACE_EXPLORER_HOST=code-server|electron. Needs a build first: npx tsc -p . && npx webpack --mode production
//
// Env: TRACE_EXPLORER_TEST_GREP (mocha grep), HOST_TEST_TIMEOUT_MS (whole run, default 600000),
//      KEEP_TEST_TMP=1 (keep the temp folders), HOST_TEST_VERBOSE=1 (echo the server's output).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const REPO = path.resolve(__dirname, '..');
const SUITE = path.join(REPO, 'out', 'test', 'host', 'index.js');
const RESULTS_DIR = path.join(REPO, 'test-results');
// Each run writes to its own file (runs may overlap on one machine); a copy lands in test-results/.
const RESULTS = path.join(os.tmpdir(), `ste-host-results-${process.pid}-${Date.now()}.json`);
const RESULTS_COPY = path.join(RESULTS_DIR, 'host-results.json');
const TOTAL_TIMEOUT = Number(process.env.HOST_TEST_TIMEOUT_MS) || 600_000;

function log(s) {
  process.stdout.write(s + '\n');
}

/** The desktop VS Code (Electron) executable, or undefined. */
function desktopExecutable() {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  let cli;
  try {
    const which = process.platform === 'win32' ? 'where' : 'which';
    cli = execFileSync(which, ['code'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(/\r?\n/)[0].trim();
  } catch {
    return undefined;
  }
  if (!cli) return undefined;
  const real = fs.realpathSync(cli);
  // Inside a code-server / remote terminal `code` is the remote CLI, not a desktop VS Code.
  if (/remote-cli|code-server|\.vscode-server/.test(real)) return undefined;
  const binDir = path.dirname(real); // <install>/bin/code (Linux, Windows), .../Resources/app/bin/code (macOS)
  const candidates = [
    path.join(binDir, '..', 'code'), // Linux: /usr/share/code/code
    path.join(binDir, '..', 'Code.exe'), // Windows
    path.join(binDir, '..', '..', '..', 'MacOS', 'Electron'), // macOS
    path.join(binDir, '..', 'code-insiders'),
  ];
  for (const c of candidates) {
    try {
      if (fs.statSync(c).isFile()) return path.resolve(c);
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** Prints each test when the suite appends it to `<results>.progress`, instead of all of them at the end. */
let printed = 0;
function printProgress() {
  let text;
  try {
    text = fs.readFileSync(RESULTS + '.progress', 'utf8');
  } catch {
    return;
  }
  const lines = text.split('\n');
  lines.pop(); // the last line may still be being written
  for (; printed < lines.length; printed++) printTest(JSON.parse(lines[printed]));
}

function printTest(t) {
  if (t.state === 'passed') log(`  ✓ ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
  else if (t.state === 'failed') {
    log(`  ✗ ${t.title}`);
    for (const line of String(t.error || '').split('\n')) log(`      ${line}`);
  } else log(`  - ${t.title} (pending)`);
}

function report(results, extra) {
  printProgress();
  try {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(RESULTS_COPY, JSON.stringify({ ...results, driverError: extra }, null, 2));
  } catch {
    /* best effort */
  }
  fs.rmSync(RESULTS, { force: true });
  fs.rmSync(RESULTS + '.progress', { force: true });
  let passed = 0;
  let failed = 0;
  (results.tests || []).forEach((t, i) => {
    if (t.state === 'passed') passed++;
    else if (t.state === 'failed') failed++;
    if (i >= printed) printTest(t); // not yet printed as it ran
  });
  if (results.fatal) {
    failed++;
    log(`  ✗ suite could not run: ${results.fatal}`);
  }
  if (extra) {
    failed++;
    log(`  ✗ ${extra}`);
  }
  if (results.host && results.host.vscodeVersion) {
    log(`  (VS Code ${results.host.vscodeVersion}, ${results.host.appHost || ''} ${results.host.uiKind || ''})`);
  }
  if (passed + failed === 0) log('  ✗ no tests ran');
  log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

async function runElectron(exe) {
  const { runTests } = require('@vscode/test-electron');
  const cs = require(path.join(REPO, 'out', 'test', 'support', 'codeServer.js'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ste-host-'));
  try {
    const src = cs.defaultWorkspaceSource();
    const ws = path.join(tmp, 'workspace', src ? path.basename(src) : 'empty');
    if (src) fs.cpSync(src, ws, { recursive: true });
    else fs.mkdirSync(ws, { recursive: true });
    fs.mkdirSync(path.join(tmp, 'ud', 'User'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'ud', 'User', 'settings.json'), JSON.stringify(cs.QUIET_SETTINGS, null, 2));
    log(`Host tests in desktop VS Code (${exe})`);
    let extra;
    const tail = setInterval(printProgress, 500);
    try {
      await runTests({
        vscodeExecutablePath: exe,
        extensionDevelopmentPath: REPO,
        extensionTestsPath: SUITE,
        launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'ud'), '--extensions-dir', path.join(tmp, 'ext')],
        extensionTestsEnv: { TRACE_EXPLORER_TEST_RESULTS: RESULTS },
      });
    } catch (e) {
      if (!fs.existsSync(RESULTS)) extra = `VS Code run failed: ${e && e.message ? e.message : e}`;
    } finally {
      clearInterval(tail);
    }
    if (!fs.existsSync(RESULTS)) return report({ tests: [] }, extra || 'VS Code exited without writing results');
    return report(JSON.parse(fs.readFileSync(RESULTS, 'utf8')), extra);
  } finally {
    if (!process.env.KEEP_TEST_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function runCodeServer() {
  const cs = require(path.join(REPO, 'out', 'test', 'support', 'codeServer.js'));
  if (!cs.codeServerInstalled()) {
    log(`code-server is not installed at ${cs.codeServerDir()}.`);
    log('Install it with: bash scripts/install-code-server.sh .vscode-test/code-server');
    log('0 passed, 1 failed');
    return 1;
  }
  const started = Date.now();
  let server;
  let browser;
  const consoleLines = [];
  try {
    server = await cs.startCodeServer({
      installExtension: false, // loaded as the development extension instead
      env: { TRACE_EXPLORER_TEST_RESULTS: RESULTS },
      echo: process.env.HOST_TEST_VERBOSE ? process.stderr : undefined,
    });
    log(`Host tests in code-server ${server.baseUrl} (workspace ${server.workspace})`);
    browser = await cs.launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    const url = server.url([
      ['extensionDevelopmentPath', server.remoteUri(REPO)],
      ['extensionTestsPath', server.remoteUri(SUITE)],
    ]);
    await page.goto(url, { timeout: 60_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    const deadline = started + TOTAL_TIMEOUT;
    let exitedAt;
    while (!fs.existsSync(RESULTS)) {
      if (Date.now() > deadline) {
        const tail = consoleLines.filter((l) => /error|fail|exception/i.test(l)).slice(-30).join('\n');
        return report({ tests: [] }, `no results after ${TOTAL_TIMEOUT} ms (did the suite load?)\n${tail}\n--- server log tail ---\n${server.log().slice(-3000)}`);
      }
      if (!server.running()) return report({ tests: [] }, `code-server exited:\n${server.log().slice(-3000)}`);
      // The extension host exits once run() settles; if it exited without results, it crashed.
      if (/Extension Host Process exited with code/.test(server.log())) {
        exitedAt ??= Date.now();
        if (Date.now() - exitedAt > 5000) {
          return report({ tests: [] }, `the extension host exited without writing results:\n${server.log().slice(-3000)}`);
        }
      }
      printProgress();
      await new Promise((r) => setTimeout(r, 500));
    }
    const results = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
    const code = report(results);
    log(`(host tests took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return code;
  } finally {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, 'host-browser-console.log'), consoleLines.join('\n'));
    if (server) fs.writeFileSync(path.join(RESULTS_DIR, 'host-code-server.log'), server.log());
    if (browser) await browser.close().catch(() => undefined);
    if (server) await server.stop();
  }
}

async function main() {
  if (!fs.existsSync(SUITE)) {
    log(`${path.relative(REPO, SUITE)} is missing: build first (npx tsc -p . && npx webpack --mode production).`);
    log('0 passed, 1 failed');
    return 1;
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.rmSync(RESULTS, { force: true });
  fs.rmSync(RESULTS + '.progress', { force: true });
  const forced = process.env.TRACE_EXPLORER_HOST;
  const exe = forced === 'code-server' ? undefined : desktopExecutable();
  if (forced === 'electron' && !exe) {
    log('TRACE_EXPLORER_HOST=electron but no desktop VS Code found (set VSCODE_EXECUTABLE).');
    log('0 passed, 1 failed');
    return 1;
  }
  return exe ? runElectron(exe) : runCodeServer();
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(`host test driver failed: ${e && e.stack ? e.stack : e}`);
    log('0 passed, 1 failed');
    process.exit(1);
  },
);
