// Bundles: the extension (node, `vscode` external), the engine worker (node), the CLI (node), the parse worker (node), and one script per webview (web).
// ts-loader only transpiles; `tsc -p .` does the type checking. No eval-based devtool: the webview CSP forbids eval.
'use strict';
const path = require('path');

/** @returns {import('webpack').Configuration[]} */
module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  const common = {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'source-map',
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true } }] }],
    },
    infrastructureLogging: { level: 'warn' },
    performance: { hints: false },
  };
  const node = (name, entry) => ({
    ...common,
    name,
    target: 'node20',
    entry,
    // ES module syntax for webpack (tsconfig says commonjs, for tsc's out/): TypeScript would otherwise turn
    // `await import('...')` into `require()`, and webpack would put the lazily loaded modules (AWS SDK, readers,
    // yaml, source maps, query engine) in the main bundle. With `import()` kept, each becomes a chunk
    // (`<id>.<name>.js` next to the bundle, loaded with require() when first needed), so activation stays cheap.
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'es2020' } } }] }],
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: `${name}.js`,
      // Lazy chunks of the two node bundles must not overwrite each other: `1.extension.js`, `1.cli.js`.
      chunkFilename: `[id].${name}.js`,
      libraryTarget: 'commonjs2',
      // Remove this bundle's stale chunks from earlier builds (they would be packaged: .vscodeignore ships dist/**);
      // the other bundles' files in dist/ are kept.
      clean: { keep: (file) => !new RegExp(`^(\\d+\\.)?${name}\\.js(\\.map)?$`).test(file) },
    },
    externals: { vscode: 'commonjs vscode' },
    node: { __dirname: false, __filename: false },
  });
  const web = (name) => ({
    ...common,
    name: `webview-${name}`,
    target: ['web', 'es2022'],
    entry: `./webview/${name}/index.ts`,
    output: { path: path.resolve(__dirname, 'dist', 'webview'), filename: `${name}.js` },
    // plotly.js ships as one minified file: parsing and minifying it again took minutes.
    module: { ...common.module, noParse: /plotly\.js-(basic-)?dist-min/ },
    optimization: name === 'anomalies' ? { minimize: false } : undefined,
  });

  return [
    node('extension', './src/extension/extension.ts'),
    // The engine worker (owns the Dataset off the extension host's thread): its own bundle, started with new Worker().
    node('engine', './src/engine/main.ts'),
    node('cli', './src/cli/main.ts'),
    // Parse workers (parallel ingest, src/core/ingest/parsePool.ts): started by the engine, the extension host and the
    // CLI from `parseWorker.js` next to their bundle.
    node('parseWorker', './src/core/ingest/parseWorker.ts'), // bin/trace-explorer.js requires it and calls main(); `npm ci` builds it (prepare)
    ...['explorer', 'architecture', 'anomalies'].map(web),
  ];
};
