/**
 * A packed copy installs on a machine without a C++ compiler: the install
 * succeeds, the exec backend serves, and `backendInfo().reason` says why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/psnode';

const work = mkdtempSync(path.join(tmpdir(), 'psnode-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A PATH folder whose compilers and make fail, as on a machine that has none. */
function compilerlessPath(): string {
  const shims = path.join(work, 'no-compiler-bin');
  mkdirSync(shims);
  for (const tool of ['cc', 'gcc', 'c++', 'g++', 'clang', 'clang++', 'make']) {
    const file = path.join(shims, tool);
    writeFileSync(
      file,
      `#!/bin/sh\necho "${tool}: not installed (removed by the psnode install test)" >&2\nexit 127\n`,
    );
    chmodSync(file, 0o755);
  }
  return `${shims}:${process.env.PATH}`;
}

describe('install without a compiler', () => {
  it('succeeds and falls back to the exec backend with a reason', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const tarball = path.join(work, packed[0]?.filename ?? '');
    const shipped = packed[0]?.files.map((f) => f.path) ?? [];
    expect(shipped).toContain('binding.gyp');
    expect(shipped).toContain('dist/index.mjs');
    expect(shipped.some((f) => f.startsWith('build/') || f.startsWith('test/'))).toBe(false);

    const app = path.join(work, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: compilerlessPath() };
    delete env.CC;
    delete env.CXX;
    const install = spawnSync(
      'npm',
      ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts'],
      { cwd: app, env, encoding: 'utf8', timeout: 240_000 },
    );
    expect(install.status, install.stderr).toBe(0);
    expect(`${install.stdout}${install.stderr}`).toMatch(/psnode: the native addon was not built/);
    const log = readFileSync(path.join(app, 'node_modules', 'psnode', '.native-build-error.log'), 'utf8');
    expect(log).toMatch(/not installed \(removed by the psnode install test\)|not found/);

    const use = spawnSync(
      process.execPath,
      [
        '-e',
        `const ps = require('psnode');
         ps.virtualMemory().then((m) => console.log(JSON.stringify({ info: ps.backendInfo(), total: m.total })));`,
      ],
      { cwd: app, encoding: 'utf8', env: { ...process.env, PSNODE_BACKEND: '' } },
    );
    expect(use.stderr).toBe('');
    const { info, total } = JSON.parse(use.stdout);
    expect(info.name).toBe('exec');
    expect(info.reason).toMatch(/native addon could not be loaded/);
    expect(info.reason).toMatch(/install-time build failed/);
    expect(total).toBeGreaterThan(0);

    const forced = spawnSync(
      process.execPath,
      ['-e', "require('psnode').cpuTimes().catch((e) => console.log(e.code))"],
      {
        cwd: app,
        encoding: 'utf8',
        env: { ...process.env, PSNODE_BACKEND: 'native' },
      },
    );
    expect(forced.stdout.trim()).toBe('PSNODE_BACKEND_UNAVAILABLE');
  }, 300_000);
});
