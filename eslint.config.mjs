// Lint: typescript-eslint's recommended rules, the layer rules of docs/ARCHITECTURE.md as import bans, and no
// import cycles (eslint-plugin-import-x: the maintained fork of eslint-plugin-import, ESLint 9/10 flat config,
// a Rust resolver instead of a chain of JS resolvers, so no-cycle over the whole tree stays fast).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const vscode = { name: 'vscode', message: 'Only src/extension (and the host tests) may import vscode.' };
/** A relative import of a folder of this repository, whatever the number of `../`. */
const folder = (path, message) => ({ group: [`**/${path}`, `**/${path}/**`], message });

/** no-restricted-imports for the files of one layer. */
const layer = (files, ...patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths: [vscode], patterns }] },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench/data/**', 'samples/**', '.perf-out*/**', 'tsconfig-stubs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle follows imports into other files: it must know they are TypeScript and how to parse them.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.d.ts', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Unused parameters keep the shape of a callback or an interface; an underscore says so.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests hold parsed fixtures and deliberately malformed records: \`any\` is the honest type there.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The layers (docs/ARCHITECTURE.md, "Folders"): each one names what it must not import.
  layer(['src/common/**/*.ts'], folder('core', 'src/common is a leaf: it imports nothing of this repository.'),
    folder('protocol', 'src/common imports nothing of this repository.'), folder('extension', 'src/common imports nothing of this repository.'),
    folder('cli', 'src/common imports nothing of this repository.'), folder('webview', 'src/common imports nothing of this repository.')),
  layer(['src/protocol/**/*.ts'], folder('core', 'The protocol is shared with the webviews: it must not pull in the core.'),
    folder('extension', 'The protocol must not import the VS Code layer.'), folder('cli', 'The protocol must not import the CLI.'),
    folder('webview', 'The protocol must not import a webview.')),
  layer(['src/core/**/*.ts'], folder('extension', 'src/core runs in plain Node: it never imports the VS Code layer.'),
    folder('webview', 'src/core never imports a webview.'), folder('cli', 'src/core never imports the CLI (the CLI is built on the core).')),
  layer(['src/cli/**/*.ts'], folder('extension', 'The CLI runs in plain Node: it never imports the VS Code layer.'),
    folder('webview', 'The CLI never imports a webview.')),
  // The engine worker runs in a worker thread: no vscode there (it may use the pure controllers under src/extension/*/logic).
  layer(['src/engine/**/*.ts'], folder('webview', 'The engine worker never imports a webview.'), folder('cli', 'The engine worker never imports the CLI.')),
  {
    files: ['src/extension/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [folder('webview', 'The host never imports webview code: share it through src/common or src/protocol.'), folder('cli', 'The extension calls the core, not the CLI.')] }] },
  },
  layer(['webview/**/*.ts'], folder('src/core', 'A webview imports only src/protocol, src/common and webview/shared: ask the host for data.'),
    folder('src/extension', 'A webview imports only src/protocol, src/common and webview/shared.'), folder('src/cli', 'A webview imports only src/protocol, src/common and webview/shared.')),
  // One webview app never imports another; what they share lives in webview/shared.
  ...['explorer', 'architecture', 'anomalies'].map((app) => ({
    files: [`webview/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscode],
        patterns: [
          folder('src/core', 'A webview imports only src/protocol, src/common and webview/shared: ask the host for data.'),
          folder('src/extension', 'A webview imports only src/protocol, src/common and webview/shared.'),
          folder('src/cli', 'A webview imports only src/protocol, src/common and webview/shared.'),
          ...['explorer', 'architecture', 'anomalies'].filter((other) => other !== app)
            .map((other) => ({ group: [`../${other}/**`, `../../${other}/**`, `../../../${other}/**`], message: 'One webview app never imports another: share through webview/shared.' })),
        ],
      }],
    },
  })),
);
