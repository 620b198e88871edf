#!/usr/bin/env bash
# `npm test`: lint (layer rules, no import cycles), the layered type-check, build, unit tests (plain Node),
# extension-host tests and end-to-end tests in a real VS Code (code-server here, installed on first run;
# @vscode/test-electron where desktop VS Code exists).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== lint"
npx eslint --max-warnings 0 .
echo "== type-check by layer (core and CLI without DOM or vscode, protocol and common without any platform, webviews without Node)"
npm run --silent typecheck
echo "== build (tsc for the tests; webpack and the .vsix through npm run package, whose prepublish bundles)"
npx tsc -p .
npm run --silent package
echo "== unit tests"
npx mocha --config .mocharc.json
if [ "${SKIP_VSCODE_TESTS:-}" = 1 ]; then echo "SKIP_VSCODE_TESTS=1: skipping VS Code tests"; exit 0; fi
bash scripts/install-code-server.sh .vscode-test/code-server
echo "== extension-host tests"
node scripts/run-host-tests.js
echo "== end-to-end tests"
node scripts/run-e2e.js
