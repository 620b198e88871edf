#!/usr/bin/env node
// `npm start` without a desktop VS Code: code-server on 127.0.0.1 with the extension installed
// (symlinked from this repo, so a rebuild + window reload picks up changes) and samples/app open.
// Stays in the foreground until Ctrl-C, then stops the server and everything it started.
// Env: PORT (default: a free port), START_WORKSPACE (default: samples/app).
'use strict';
const path = require('path');
const REPO = path.resolve(__dirname, '..');

async function main() {
  const cs = require(path.join(REPO, 'out', 'test', 'support', 'codeServer.js'));
  // code-server runs in its own process group (so it can be stopped as a whole): Ctrl-C reaches only
  // this process, which then stops the server.
  let stopRequested;
  const stopped = new Promise((resolve) => (stopRequested = resolve));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => stopRequested());
  const workspace = process.env.START_WORKSPACE ? path.resolve(process.env.START_WORKSPACE) : cs.defaultWorkspaceSource();
  const server = await cs.startCodeServer({
    workspace,
    copyWorkspace: false, // open the real folder: edits are kept
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
    settings: { 'workbench.startupEditor': 'none' },
    handleSignals: false,
  });
  const url = server.url();
  process.stdout.write(
    `\nServerless Trace Explorer is running in VS Code (code-server) at:\n\n    ${url}\n\n` +
      `Open it in a browser, then run "Serverless Traces: Open Trace Explorer" (F1).\n` +
      `Workspace: ${server.workspace}\nPress Ctrl-C to stop.\n`,
  );
  await new Promise((resolve) => {
    stopped.then(resolve);
    const timer = setInterval(() => {
      if (!server.running()) {
        process.stdout.write(`code-server exited:\n${server.log().slice(-3000)}\n`);
        clearInterval(timer);
        resolve();
      }
    }, 1000);
  });
  process.stdout.write('Stopping code-server...\n');
  await server.stop();
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`npm start failed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);
