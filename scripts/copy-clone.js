'use strict';
// Copies this repository as a fresh clone would have it (tracked files, plus
// new files that are not ignored, as they are on disk now) into `dest`, with
// node_modules linked rather than copied. `npm pack` and test runs there leave
// this tree's dist/ and build/ alone. Used by scripts/node-matrix.js and
// test/packaging.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** Relative paths of the files a clone would have. */
function cloneFiles() {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(listed.split('\0'))].filter((file) => {
    if (!file || file === 'node_modules' || file.startsWith('node_modules/')) return false;
    const stat = fs.lstatSync(path.join(root, file), { throwIfNoEntry: false });
    // Files and symbolic links, as git stores them (the sysfs fixture trees hold links).
    return (stat?.isFile() || stat?.isSymbolicLink()) ?? false;
  });
}

function copyClone(dest) {
  for (const file of cloneFiles()) {
    fs.mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
    const source = path.join(root, file);
    if (fs.lstatSync(source).isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), path.join(dest, file));
    else fs.copyFileSync(source, path.join(dest, file));
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dest, 'node_modules'), 'dir');
  return dest;
}

module.exports = { cloneFiles, copyClone };
