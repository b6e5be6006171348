'use strict';
// Lints the package as it ships: publint (package.json fields, exports, files)
// and arethetypeswrong (the declarations every TypeScript resolution mode
// finds). Usage: `node scripts/lint-package.js [psnode-x.y.z.tgz]`; without a
// tarball it runs `npm pack` (prebuild and build included) into a scratch
// folder first. Exits non-zero when either tool reports a problem.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(file, args, options = {}) {
  console.log(`$ ${[path.basename(file), ...args].join(' ')}`);
  const result = spawnSync(file, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status === 0;
}

function pack(destination) {
  if (!run('npm', ['pack', '--pack-destination', destination], { cwd: root })) {
    throw new Error('npm pack failed');
  }
  const [tarball] = fs.readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball in ${destination}`);
  return path.join(destination, tarball);
}

let scratch;
try {
  let tarball = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  if (!tarball) {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'psnode-lint-package-'));
    tarball = pack(scratch);
  }
  // --strict: warnings count as problems; suggestions are printed but pass.
  const publint = run(bin('publint'), ['run', tarball, '--strict']);
  const attw = run(bin('attw'), [tarball, '--format', 'table-flipped', '--no-emoji', '--no-color']);
  process.exitCode = publint && attw ? 0 : 1;
} finally {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}
