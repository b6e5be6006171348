/**
 * The C++ collectors without Node: test/native/driver.cc checks them against
 * a fake procfs/sysfs tree (good, old-kernel, truncated and garbage files)
 * and then calls each on the real system. Built here with the same compiler
 * node-gyp uses.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/psnode';

const work = mkdtempSync(path.join(tmpdir(), 'psnode-driver-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('C++ collectors (standalone driver)', () => {
  it('pass every fake-procfs check and run on the real system', () => {
    const binary = path.join(work, 'driver');
    const sources = ['native/linux', 'native/common'].flatMap((dir) =>
      readdirSync(path.join(ROOT, dir))
        .filter((file) => file.endsWith('.cc'))
        .map((file) => `${dir}/${file}`),
    );
    execFileSync(
      process.env.CXX ?? 'g++',
      [
        '-std=c++17',
        '-O1',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-Inative',
        ...sources,
        'test/native/driver.cc',
        '-o',
        binary,
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
    const output = execFileSync(binary, ['50'], { cwd: ROOT, encoding: 'utf8' });
    expect(output).toMatch(/fake-root checks: \d+ run, 0 failed/);
    expect(output).toMatch(/virtualMemory\s+[\d.]+\s+total=\d+/);
    expect(output).toMatch(/processScan\(all\)\s+\d+ processes/);
    expect(output).toMatch(/real-system checks: \d+ run, 0 failed/);
  }, 120_000);
});
