/**
 * Installing the packed tarball where things are missing, end to end:
 *
 * - no compiler: the prebuild serves, nothing is compiled, the native backend answers;
 * - no compiler and no prebuild that fits (removed here, as on another
 *   platform or libc): the install still succeeds, the exec backend answers
 *   every public function, and `backendInfo().reason` says why;
 * - that, and none of the tools the exec backend runs (`ps`, `cat`, `lscpu`,
 *   …) on PATH either: every call fails at once with an error naming the
 *   missing tool — no hang, no crash.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALL_EVERY_FUNCTION,
  type CallReport,
  compilerlessPath,
  createApp,
  nodeOnlyPath,
  npmInstall,
  packedTarball,
  tarballWithoutPrebuilds,
  userEnv,
} from './helpers';

const work = mkdtempSync(path.join(tmpdir(), 'psnode-restricted-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let tarball = '';
let noCompiler: NodeJS.ProcessEnv = {};
beforeAll(async () => {
  tarball = await packedTarball();
  noCompiler = userEnv({ PATH: compilerlessPath(work) });
  delete noCompiler.CC;
  delete noCompiler.CXX;
}, 600_000);

/** Runs CALL_EVERY_FUNCTION in `app` and returns its report. */
function callEveryFunction(app: string, env: NodeJS.ProcessEnv): CallReport {
  const script = path.join(app, 'call-every-function.mjs');
  writeFileSync(script, CALL_EVERY_FUNCTION);
  const run = spawnSync(process.execPath, [script], { cwd: app, env, encoding: 'utf8', timeout: 120_000 });
  expect(run.error, 'the script finished in time').toBeUndefined();
  expect(run.signal).toBeNull();
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as CallReport;
}

function nodeEval(app: string, code: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['-e', code], { cwd: app, env, encoding: 'utf8', timeout: 60_000 });
}

describe('install without a compiler, prebuild in the tarball', () => {
  let app = '';
  beforeAll(() => {
    app = createApp(work, 'with-prebuild');
    const install = npmInstall(app, [tarball], noCompiler);
    if (install.status !== 0) throw new Error(`npm install failed:\n${install.stdout}\n${install.stderr}`);
  }, 300_000);

  it('compiles nothing and loads the prebuild', () => {
    const pkg = path.join(app, 'node_modules', 'psnode');
    expect(existsSync(path.join(pkg, 'build'))).toBe(false);
    expect(existsSync(path.join(pkg, '.native-build-error.log'))).toBe(false);
    const found = nodeEval(app, "console.log(require('node-gyp-build').path('node_modules/psnode'))", userEnv());
    expect(found.stdout.trim()).toBe(path.join(pkg, 'prebuilds', 'linux-x64', 'psnode.glibc.node'));
  });

  it('serves every public function from the native backend', () => {
    const report = callEveryFunction(app, userEnv());
    expect(report.info).toEqual({ name: 'native' });
    expect(report.results.length).toBeGreaterThan(10);
    for (const result of report.results) expect(result, result.name).toMatchObject({ ok: true });
  });

  it('does not use the glibc prebuild on a musl system, and says so', () => {
    // node-gyp-build reads the C library from LIBC: as on Alpine, no prebuild fits.
    const run = nodeEval(
      app,
      "const ps = require('psnode'); ps.bootTime().then(() => { console.log(JSON.stringify(ps.backendInfo())); return ps.close(); });",
      userEnv({ LIBC: 'musl' }),
    );
    expect(run.status, run.stderr).toBe(0);
    const info = JSON.parse(run.stdout);
    expect(info.name).toBe('exec');
    expect(info.reason).toMatch(/No native build was found for .*libc=musl/);
  });
});

describe('install without a compiler, no prebuild that fits', () => {
  let app = '';
  let install: ReturnType<typeof npmInstall>;
  beforeAll(() => {
    app = createApp(work, 'without-prebuild');
    install = npmInstall(app, [tarballWithoutPrebuilds(tarball, work)], noCompiler);
  }, 300_000);

  it('succeeds, saying the addon was not built and why', () => {
    expect(install.status, install.stderr).toBe(0);
    expect(`${install.stdout}${install.stderr}`).toMatch(/psnode: the native addon was not built/);
    const log = readFileSync(path.join(app, 'node_modules', 'psnode', '.native-build-error.log'), 'utf8');
    expect(log).toMatch(/not installed \(removed by the psnode install test\)|not found/);
  });

  it('serves every public function from the exec backend, with the reason', () => {
    const report = callEveryFunction(app, userEnv());
    expect(report.info.name).toBe('exec');
    expect(report.info.reason).toMatch(/native addon could not be loaded/);
    expect(report.info.reason).toMatch(/install-time build failed/);
    expect(report.results.length).toBeGreaterThan(10);
    for (const result of report.results) expect(result, result.name).toMatchObject({ ok: true });
  });

  it('rejects a forced native backend with BackendUnavailable', () => {
    const forced = nodeEval(
      app,
      "require('psnode').cpuTimes().catch((e) => console.log(e.code))",
      userEnv({ PSNODE_BACKEND: 'native' }),
    );
    expect(forced.stdout.trim()).toBe('PSNODE_BACKEND_UNAVAILABLE');
  });

  it('without ps and friends on PATH, fails every call with an error naming the missing tool', () => {
    const started = Date.now();
    const report = callEveryFunction(app, userEnv({ PATH: nodeOnlyPath(work) }));
    expect(report.info.name).toBe('exec');
    expect(report.results.length).toBeGreaterThan(10);
    const tools = new Set<string>();
    for (const result of report.results) {
      expect(result, result.name).toMatchObject({ ok: false, commandFailed: true, code: 'PSNODE_COMMAND_FAILED' });
      const tool = /'([^'/]+)' is not installed \(not found on PATH\)/.exec(result.message ?? '')?.[1];
      expect(tool, `${result.name}: ${result.message}`).toBeDefined();
      if (tool) tools.add(tool);
      // A missing tool is known at spawn: far below the runner's 10 s time limit.
      expect(result.ms, result.name).toBeLessThan(5_000);
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    // The tools named are the real ones, which the normal PATH has.
    expect(tools.size).toBeGreaterThan(1);
    for (const tool of tools) {
      const onPath = (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, tool)));
      expect(onPath, `'${tool}' is on the normal PATH`).toBe(true);
    }
  });
});
