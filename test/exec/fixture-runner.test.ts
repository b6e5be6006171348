import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortError, CommandFailed } from '../../src/api/errors';
import { createFixtureRunner, createFixtureRunnerFromManifest } from '../../src/backends/exec/runner';
import { LINUX_FIXTURES, linuxFixture } from '../parsers/fixtures';

describe('createFixtureRunner', () => {
  const run = createFixtureRunner({
    'cat /proc/loadavg': '0.29 0.24 0.10 1/84 3046\n',
    'ps -p 7 -o pid=': { stdout: '', exitCode: 1 },
    'ps -e -o pid=': { stdout: '1\n42\n', pid: 42 },
  });

  it('serves canned stdout keyed by "file args…"', async () => {
    await expect(run('cat', ['/proc/loadavg'])).resolves.toEqual({
      stdout: '0.29 0.24 0.10 1/84 3046\n',
      stderr: '',
      exitCode: 0,
      pid: null,
    });
    await expect(run('ps', ['-e', '-o', 'pid='])).resolves.toMatchObject({ pid: 42 });
  });

  it('applies the exit-code policy of the real runner', async () => {
    await expect(run('ps', ['-p', '7', '-o', 'pid='])).rejects.toBeInstanceOf(CommandFailed);
    await expect(run('ps', ['-p', '7', '-o', 'pid='], { acceptExitCodes: [1] })).resolves.toMatchObject({
      exitCode: 1,
    });
  });

  it('fails for an unknown command, naming the known ones', async () => {
    const error = await run('cat', ['/proc/nope']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandFailed);
    expect((error as CommandFailed).message).toContain('has no fixture');
    expect((error as CommandFailed).message).toContain('cat /proc/loadavg');
  });

  it('does not serve inherited object keys', async () => {
    await expect(run('constructor', [])).rejects.toBeInstanceOf(CommandFailed);
  });

  it('honours an aborted signal', async () => {
    await expect(run('cat', ['/proc/loadavg'], { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });

  it('records every command asked for', () => {
    expect(run.calls).toContain('cat /proc/loadavg');
    expect(run.calls).toContain('cat /proc/nope');
  });
});

describe('createFixtureRunnerFromManifest', () => {
  const run = createFixtureRunnerFromManifest(path.join(LINUX_FIXTURES, 'vm-debian12-2cpu.commands.json'));

  it('serves a file', async () => {
    expect((await run('cat', ['/proc/stat'])).stdout).toBe(linuxFixture('proc-stat/vm-debian12-2cpu.txt'));
  });

  it('concatenates several files, as cat does', async () => {
    const expected = linuxFixture('meminfo/vm-debian12-2cpu.txt') + linuxFixture('vmstat/vm-debian12-2cpu.txt');
    expect((await run('cat', ['/proc/meminfo', '/proc/vmstat'])).stdout).toBe(expected);
  });

  it('carries exit codes and pids', async () => {
    await expect(run('ps', ['-p', '999999', '-o', 'pid='], { acceptExitCodes: [1] })).resolves.toMatchObject({
      stdout: '',
      exitCode: 1,
    });
    await expect(run('ps', ['-e', '-o', 'pid='])).resolves.toMatchObject({ pid: 5704 });
  });
});
