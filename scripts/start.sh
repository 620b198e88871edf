#!/usr/bin/env bash
# `npm start`: build the extension and open it in VS Code on the sample app.
# With a desktop `code` on PATH: code --extensionDevelopmentPath=<repo> samples/app.
# Otherwise: code-server (VS Code for the browser) on 127.0.0.1 with the extension installed and
# samples/app open; prints the URL and stays in the foreground until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

echo "== build"
npx tsc -p . || { echo "npm start: the TypeScript build failed (errors above)." >&2; exit 1; }
npx webpack --mode production --stats errors-warnings || { echo "npm start: the webpack build failed (errors above)." >&2; exit 1; }

WORKSPACE="$REPO/samples/app"
[ -d "$WORKSPACE" ] || WORKSPACE="$REPO"

# A desktop VS Code (not the remote CLI that code-server/remote terminals put on PATH).
if command -v code >/dev/null 2>&1; then
  CODE_REAL=$(readlink -f "$(command -v code)" 2>/dev/null || command -v code)
  case "$CODE_REAL" in
    *remote-cli*|*code-server*|*.vscode-server*) ;;
    *)
      echo "== opening desktop VS Code with the extension under development"
      exec code --extensionDevelopmentPath="$REPO" "$WORKSPACE"
      ;;
  esac
fi

CS_DIR="$REPO/.vscode-test/code-server"
if [ ! -f "$CS_DIR/node_modules/code-server/out/node/entry.js" ]; then
  echo "== no desktop VS Code found: installing code-server (VS Code for the browser) into .vscode-test/code-server"
  if ! bash "$REPO/scripts/install-code-server.sh" "$CS_DIR"; then
    echo "npm start: no desktop VS Code ('code') on PATH and code-server could not be installed." >&2
    echo "Either install VS Code and run: code --extensionDevelopmentPath=$REPO $WORKSPACE" >&2
    echo "or install code-server into $CS_DIR (npm install code-server@4.100.3)." >&2
    exit 1
  fi
fi

echo "== starting code-server"
exec node "$REPO/scripts/start.js"
