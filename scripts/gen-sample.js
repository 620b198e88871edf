#!/usr/bin/env node
// Generates the sample dataset with the compiled generator (run `npx tsc -p .` first).
// Usage: node scripts/gen-sample.js [--out samples/data] [--seed N] [--traces N] [--large]
'use strict';
const path = require('path');
const { generateSample, defaultSampleOptions } = require('../out/src/core/sample/index.js');

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--out') opts.outDir = path.resolve(value());
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--traces') opts.traces = Number(value());
    else if (a === '--large') opts.large = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  return opts;
}

async function main() {
  const defaults = defaultSampleOptions();
  const args = parseArgs(process.argv.slice(2));
  const opts = { ...args, outDir: args.outDir ?? defaults.outDir, appDir: defaults.appDir };
  const t0 = Date.now();
  const m = await generateSample(opts);
  const bytes = m.files.reduce((a, f) => a + f.bytes, 0);
  process.stdout.write(
    `${opts.outDir}: ${m.traces.total} traces (${m.traces.awsSpans} aws/spans, ${m.traces.xray} X-Ray), ${m.spans} spans, ` +
    `${m.invocations} invocations, ${m.logEvents} log events, ${(bytes / 1e6).toFixed(1)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
