#!/usr/bin/env node
// Runs the bundled CLI when built with webpack, else the tsc output (development checkouts).
const fs = require('fs');
const path = require('path');
const bundled = path.join(__dirname, '..', 'dist', 'cli.js');
const compiled = path.join(__dirname, '..', 'out', 'src', 'cli', 'main.js');
const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : -1);
// In a development checkout the tsc output may be newer than the last webpack bundle: run the newer one.
const target = mtime(compiled) > mtime(bundled) ? compiled : bundled;
// `trace-explorer ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(process.exitCode || 0); else throw err; });
if (!fs.existsSync(target)) {
  process.stderr.write('trace-explorer: not built yet; run `npm run build` first\n');
  process.exit(2);
}
const { main } = require(target);
const io = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') };
main(process.argv.slice(2), io).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`trace-explorer: ${(err && err.stack) || err}\n`); process.exitCode = 1; },
);
