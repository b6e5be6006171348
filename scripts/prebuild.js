'use strict';
// Pack-time step (`prepack`): builds the addon for this machine with
// prebuildify into prebuilds/<platform>-<arch>/psnode.napi[.<libc>].node, the
// file node-gyp-build loads before any attempt to compile. One Node-API build
// serves every Node version, so it is made once, with this Node's headers.
//
// The build runs in a scratch copy of binding.gyp and native/, so packing
// never wipes or replaces the developer's own build/ (prebuildify runs
// `node-gyp rebuild`), and a test suite reading build/ meanwhile is safe.
// The result is stripped, checked to load, and its glibc floor is printed.
//
// Environment: PSNODE_SKIP_PREBUILD=1 packs without a prebuild (the package
// then compiles at install time, or falls back to the exec backend).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** The prebuild file name node-gyp-build looks for: `<name>.napi[.<libc>].node`. */
function libcTag() {
  if (process.platform !== 'linux') return null;
  return fs.existsSync('/etc/alpine-release') ? 'musl' : 'glibc';
}

/**
 * Node's development headers: npm's `nodedir` setting, else the ones installed
 * beside this Node (distribution packages put them in <prefix>/include/node).
 * Without either, node-gyp downloads them.
 */
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

/**
 * npm's bundled node-gyp (npm names it in npm_config_node_gyp during scripts;
 * outside them it sits beside npm), else the one on PATH. Wrapped in a shell
 * script so it runs under this Node whatever `node` PATH finds first.
 */
function nodeGypWrapper(dir) {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  const script = candidates.find((file) => file && fs.existsSync(file));
  const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;
  const wrapper = path.join(dir, 'node-gyp');
  const command = script ? `${quote(process.execPath)} ${quote(script)}` : 'node-gyp';
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${command} "$@"\n`, { mode: 0o755 });
  return wrapper;
}

/** Copies what a build reads: binding.gyp and native/, plus a link to node_modules (node-addon-api). */
function stage(dir) {
  fs.copyFileSync(path.join(root, 'binding.gyp'), path.join(dir, 'binding.gyp'));
  fs.cpSync(path.join(root, 'native'), path.join(dir, 'native'), { recursive: true });
  const addonApi = path.dirname(require.resolve('node-addon-api/package.json', { paths: [root] }));
  fs.symlinkSync(path.dirname(addonApi), path.join(dir, 'node_modules'), 'dir');
}

/** Node's own glibc floor: the official Linux x64 binaries of Node 20, 22 and 24 need glibc 2.28. */
const NODE_GLIBC_FLOOR = '2.28';

function compareVersions(a, b) {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0);
  }
  return 0;
}

/** The glibc symbols a shared object imports, with their versions; null without objdump. */
function glibcSymbols(file) {
  let table;
  try {
    table = execFileSync('objdump', ['-T', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  return [...table.matchAll(/\(?GLIBC_(\d+\.\d+(?:\.\d+)?)\)?\s+(\S+)$/gm)].map((m) => ({ version: m[1], name: m[2] }));
}

/** The highest GLIBC_x.y version a shared object needs, or null (no objdump, no glibc symbols). */
function glibcFloor(file) {
  const symbols = glibcSymbols(file);
  if (!symbols || symbols.length === 0) return null;
  return symbols
    .map((s) => s.version)
    .sort(compareVersions)
    .at(-1);
}

function main() {
  if (process.env.PSNODE_SKIP_PREBUILD === '1') {
    console.warn('psnode: PSNODE_SKIP_PREBUILD=1, packing without a prebuilt addon');
    return;
  }
  const prebuildify = require('prebuildify');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'psnode-prebuild-'));
  try {
    stage(scratch);
    const libc = libcTag();
    const options = {
      cwd: scratch,
      out: scratch,
      name: 'psnode',
      napi: true,
      strip: true,
      tagLibc: libc !== null,
      // This Node's version: its headers are local, nothing is downloaded.
      targets: [process.versions.node],
      nodeGyp: nodeGypWrapper(scratch),
      cache: path.join(scratch, '.node-gyp'),
      quiet: process.env.PSNODE_PREBUILD_VERBOSE !== '1',
    };
    const dir = nodeDir();
    if (dir) process.env.npm_config_nodedir = dir;
    process.env.JOBS ??= String(Math.max(1, os.availableParallelism()));
    prebuildify(options, (error) => {
      try {
        if (error) throw error;
        finish(scratch);
      } catch (failure) {
        console.error(`psnode: the prebuild failed: ${failure.message}`);
        if (options.quiet) console.error('psnode: run with PSNODE_PREBUILD_VERBOSE=1 to see the compiler output');
        process.exitCode = 1;
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });
  } catch (error) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** Checks the built file loads, then moves it into prebuilds/ in one rename. */
function finish(scratch) {
  const tuple = `${process.platform}-${process.arch}`;
  const built = path.join(scratch, 'prebuilds', tuple);
  const [file] = fs.readdirSync(built).filter((name) => name.endsWith('.node'));
  if (!file) throw new Error(`prebuildify left no .node file in ${built}`);
  const binding = require(path.join(built, file));
  if (typeof binding.cpuTimes !== 'function') throw new Error(`${file} loads but does not export cpuTimes()`);

  const targetDir = path.join(root, 'prebuilds', tuple);
  fs.mkdirSync(targetDir, { recursive: true });
  const target = path.join(targetDir, file);
  const partial = `${target}.${process.pid}.tmp`;
  fs.copyFileSync(path.join(built, file), partial);
  fs.renameSync(partial, target);

  const size = fs.statSync(target).size;
  const floor = glibcFloor(target);
  const needs = floor ? `, needs glibc >= ${floor}` : '';
  console.log(
    `psnode: prebuilt ${path.relative(root, target)} (${(size / 1024).toFixed(0)} kB, Node-API, stripped${needs})`,
  );
  if (floor && compareVersions(floor, NODE_GLIBC_FLOOR) > 0) {
    const above = glibcSymbols(target).filter((s) => compareVersions(s.version, NODE_GLIBC_FLOOR) > 0);
    console.warn(
      `psnode: warning: glibc ${floor} is above the ${NODE_GLIBC_FLOOR} Node itself needs, because of: ${above
        .map((s) => `${s.name}@GLIBC_${s.version}`)
        .join(', ')}`,
    );
  }
}

if (require.main === module) main();

module.exports = { glibcFloor, glibcSymbols };
