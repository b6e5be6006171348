'use strict';
// The package's install step: build the optional native addon. It never fails
// the install: without a compiler (or Python, or headers) psnode still works
// through its exec backend, and `backendInfo().reason` says why. The build
// error's first lines are kept in .native-build-error.log for that reason.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const errorLog = path.join(root, '.native-build-error.log');

// A prebuild (prebuilds/, shipped in the package) or an earlier build that
// node-gyp-build finds and that loads here needs no compiler. One that is found
// but does not load (say it needs a newer glibc than this machine has) is
// built over from source: node-gyp-build prefers build/Release.
function alreadyBuilt() {
  try {
    require(require('node-gyp-build').path(root));
    return true;
  } catch {
    return false;
  }
}

function nodeGypCommand() {
  // npm names its bundled node-gyp in npm_config_node_gyp during lifecycle scripts.
  const bundled = process.env.npm_config_node_gyp;
  if (bundled && fs.existsSync(bundled)) return [process.execPath, [bundled, 'rebuild']];
  return ['node-gyp', ['rebuild']];
}

if (process.env.PSNODE_SKIP_BUILD === '1') {
  console.warn('psnode: PSNODE_SKIP_BUILD=1, native addon not built; the exec backend will serve');
  process.exit(0);
}
if (alreadyBuilt()) process.exit(0);

const [command, args] = nodeGypCommand();
const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
if (result.status === 0) {
  fs.rmSync(errorLog, { force: true });
  process.exit(0);
}
const output = `${result.error ? result.error.message : ''}\n${result.stderr ?? ''}\n${result.stdout ?? ''}`;
const firstError =
  output.split('\n').find((line) => /error|not found|No such file|ENOENT/i.test(line) && line.trim()) ??
  `${command} exited with ${result.status}`;
fs.writeFileSync(errorLog, `${firstError.trim()}\n\n${output.trim()}\n`);
console.warn(`psnode: the native addon was not built (${firstError.trim()}).`);
console.warn('psnode: installing anyway; the exec backend will serve. Details: .native-build-error.log');
process.exit(0);
