// Entry point of the extension-host test suite: VS Code (desktop through @vscode/test-electron, or
// code-server through the `extensionTestsPath` payload) loads this file inside the real extension
// host and awaits `run()`. Mocha runs every out/test/host/**/*.test.js; the results are written as
// JSON to the file named by TRACE_EXPLORER_TEST_RESULTS so the driver can report and set the exit code; each
// result is also appended to `<that file>.progress` as it comes, so the driver prints tests as they finish.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface TestResults {
  passes: number;
  failures: number;
  pending: number;
  total: number;
  durationMs: number;
  tests: TestResult[];
  /** Set when the suite could not run at all. */
  fatal?: string;
  host: { vscodeVersion?: string; appHost?: string; uiKind?: string };
}

export const RESULTS_ENV = 'TRACE_EXPLORER_TEST_RESULTS';

function findTests(dir: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (e.isFile() && e.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

function hostInfo(): TestResults['host'] {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const vscode = require('vscode') as typeof import('vscode');
    return { vscodeVersion: vscode.version, appHost: vscode.env.appHost, uiKind: vscode.UIKind[vscode.env.uiKind] };
  } catch {
    return {};
  }
}

function writeResults(results: TestResults): void {
  const file = process.env[RESULTS_ENV];
  const json = JSON.stringify(results, null, 2);
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file + '.tmp', json);
    fs.renameSync(file + '.tmp', file); // the driver polls for the file: make it appear complete
  }
}

/** One JSON line per finished test, for the driver to print while the suite runs. */
function progress(result: TestResult): void {
  const file = process.env[RESULTS_ENV];
  if (file) fs.appendFileSync(file + '.progress', JSON.stringify(result) + '\n');
}

export async function run(): Promise<void> {
  const started = Date.now();
  const results: TestResults = { passes: 0, failures: 0, pending: 0, total: 0, durationMs: 0, tests: [], host: hostInfo() };
  try {
    const mocha = new Mocha({
      ui: 'bdd',
      color: false,
      timeout: Number(process.env.TRACE_EXPLORER_TEST_TIMEOUT) || 60_000,
      reporter: 'spec',
    });
    const grep = process.env.TRACE_EXPLORER_TEST_GREP;
    if (grep) mocha.grep(grep);
    const files = findTests(__dirname);
    for (const f of files) mocha.addFile(f);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      const add = (r: TestResult) => {
        results.tests.push(r);
        progress(r);
      };
      runner.on('pass', (t: Mocha.Test) => {
        add({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      });
      runner.on('fail', (t: Mocha.Test | Mocha.Hook, err: Error) => {
        add({
          title: t.fullTitle(),
          state: 'failed',
          durationMs: t.duration,
          error: `${err && err.message ? err.message : String(err)}${err && err.stack ? '\n' + err.stack.split('\n').slice(1, 6).join('\n') : ''}`,
        });
      });
      runner.on('pending', (t: Mocha.Test) => {
        add({ title: t.fullTitle(), state: 'pending' });
      });
    });
  } catch (e) {
    const err = e as Error;
    results.fatal = `${err.message}\n${err.stack ?? ''}`;
  }
  results.passes = results.tests.filter((t) => t.state === 'passed').length;
  results.failures = results.tests.filter((t) => t.state === 'failed').length + (results.fatal ? 1 : 0);
  results.pending = results.tests.filter((t) => t.state === 'pending').length;
  results.total = results.tests.length;
  results.durationMs = Date.now() - started;
  writeResults(results);
  if (results.failures > 0) {
    // @vscode/test-electron reads a rejected run() as a failed run (exit code 1).
    throw new Error(`${results.failures} host test(s) failed`);
  }
}
