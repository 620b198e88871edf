// Builds, then runs the compiled bench (bench/index.ts).
const { execSync } = require('child_process');
const path = require('path');
const root = path.join(__dirname, '..');
execSync('npx tsc -p .', { cwd: root, stdio: 'inherit' });
require(path.join(root, 'out', 'bench', 'index.js'));
