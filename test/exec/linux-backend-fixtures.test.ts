/** The Linux exec backend over the fixture runner: every method, its spawns, and its error paths. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandFailed, ParseError } from '../../src/api/errors';
import { createLinuxExecBackend } from '../../src/backends/exec/linux';
import {
  type CommandRunner,
  createFixtureRunner,
  createFixtureRunnerFromManifest,
  type FixtureRunner,
} from '../../src/backends/exec/runner';
import { LINUX_FIXTURES, linuxFixture } from '../parsers/fixtures';

const KiB = 1024;

function vmBackend(): { run: FixtureRunner; backend: ReturnType<typeof createLinuxExecBackend> } {
  const run = createFixtureRunnerFromManifest(path.join(LINUX_FIXTURES, 'vm-debian12-2cpu.commands.json'));
  return { run, backend: createLinuxExecBackend(run) };
}

describe('Linux exec backend on vm-debian12-2cpu fixtures', () => {
  it('is named exec', () => {
    expect(vmBackend().backend.name).toBe('exec');
  });

  it('cpuTimes: seconds = ticks / CLK_TCK, total and per CPU', async () => {
    const times = await vmBackend().backend.cpuTimes();
    expect(times.total).toEqual({
      user: 110.33,
      nice: 0,
      system: 52.2,
      idle: 743.38,
      iowait: 1.49,
      irq: 0,
      softirq: 1.82,
      steal: 0,
      guest: 0,
      guestNice: 0,
    });
    expect(times.perCpu).toHaveLength(2);
    expect(times.perCpu[1]?.user).toBeCloseTo(61.87, 10);
  });

  it('reads CLK_TCK once per backend, in parallel with /proc/stat', async () => {
    const { run, backend } = vmBackend();
    await Promise.all([backend.cpuTimes(), backend.cpuTimes()]);
    await backend.cpuTimes();
    expect(run.calls.filter((call) => call === 'getconf CLK_TCK')).toHaveLength(1);
    expect(run.calls.filter((call) => call === 'cat /proc/stat')).toHaveLength(3);
  });

  it('cpuStats: ctxt, intr, softirq, no syscalls', async () => {
    await expect(vmBackend().backend.cpuStats()).resolves.toEqual({
      ctxSwitches: 371813,
      interrupts: 188790,
      softInterrupts: 108230,
      syscalls: null,
    });
  });

  it('bootTime: btime', async () => {
    await expect(vmBackend().backend.bootTime()).resolves.toBe(1795657474);
  });

  it('cpu counts and frequencies from lscpu', async () => {
    const { backend } = vmBackend();
    await expect(backend.cpuCountLogical()).resolves.toBe(2);
    await expect(backend.cpuCountPhysical()).resolves.toBe(2);
    await expect(backend.cpuFreq()).resolves.toEqual([
      { current: 2096.032, min: null, max: null },
      { current: 2096.032, min: null, max: null },
    ]);
  });

  it('loadAvg', async () => {
    await expect(vmBackend().backend.loadAvg()).resolves.toEqual([1.57, 0.68, 0.29]);
  });

  it('virtualMemory in one spawn', async () => {
    const { run, backend } = vmBackend();
    const memory = await backend.virtualMemory();
    expect(memory).toMatchObject({ total: 24683620 * KiB, available: 24317628 * KiB, slab: 43048 * KiB });
    expect(run.calls).toEqual(['cat /proc/meminfo']);
  });

  it('swapMemory: one cat plus one cached getconf PAGESIZE', async () => {
    const { run, backend } = vmBackend();
    await expect(backend.swapMemory()).resolves.toEqual({ total: 0, free: 0, sin: 0, sout: 0 });
    await backend.swapMemory();
    expect(run.calls.filter((call) => call === 'getconf PAGESIZE')).toHaveLength(1);
    expect(run.calls.filter((call) => call.startsWith('cat '))).toEqual([
      'cat /proc/meminfo /proc/vmstat',
      'cat /proc/meminfo /proc/vmstat',
    ]);
  });

  it('users: none on the machine, five in the written utmp file', async () => {
    const { backend } = vmBackend();
    await expect(backend.users()).resolves.toEqual([]);
    const users = await backend.users('sample.utmp');
    expect(users.map((user) => user.name)).toEqual(['alice', 'bob', 'nopid', 'a\uFFFD\uFFFDb', 'noline']);
  });

  it('pids: sorted, without the ps child itself', async () => {
    const pids = await vmBackend().backend.pids();
    expect(pids).toHaveLength(68);
    expect(pids).not.toContain(5704);
    expect(pids).toEqual([...pids].sort((a, b) => a - b));
  });

  it('pidExists: present, absent, pid 0 and impossible pids without spawning', async () => {
    const { run, backend } = vmBackend();
    await expect(backend.pidExists(1)).resolves.toBe(true);
    await expect(backend.pidExists(999999)).resolves.toBe(false);
    await expect(backend.pidExists(0)).resolves.toBe(false);
    await expect(backend.pidExists(2 ** 31)).resolves.toBe(false);
    expect(run.calls).toEqual(['ps -p 1 -o pid=', 'ps -p 999999 -o pid=']);
  });
});

describe('Linux exec backend error paths', () => {
  it('pidExists: ps exiting 1 with a message is a CommandFailed, not "absent"', async () => {
    const run = createFixtureRunner({
      'ps -p 5 -o pid=': { stdout: '', stderr: 'error: process ID out of range\n', exitCode: 1 },
    });
    await expect(createLinuxExecBackend(run).pidExists(5)).rejects.toBeInstanceOf(CommandFailed);
  });

  it('passes a ParseError of malformed output through', async () => {
    const run = createFixtureRunner({
      'cat /proc/loadavg': 'garbage\n',
      'getconf CLK_TCK': 'undefined\n',
      'cat /proc/stat': '',
    });
    const backend = createLinuxExecBackend(run);
    await expect(backend.loadAvg()).rejects.toBeInstanceOf(ParseError);
    await expect(backend.cpuTimes()).rejects.toBeInstanceOf(ParseError);
  });

  it('a missing tool is a CommandFailed', async () => {
    await expect(createLinuxExecBackend(createFixtureRunner({})).cpuCountLogical()).rejects.toBeInstanceOf(
      CommandFailed,
    );
  });

  it('does not cache a failed getconf: the next call retries', async () => {
    let getconfCalls = 0;
    const fixtures = createFixtureRunner({
      'cat /proc/stat': linuxFixture('proc-stat/vm-debian12-2cpu.txt'),
      'getconf CLK_TCK': '100\n',
    });
    const flaky: CommandRunner = async (file, args, options) => {
      if (file === 'getconf' && getconfCalls++ === 0) throw new CommandFailed('getconf CLK_TCK', 1, null, 'transient');
      return fixtures(file, args, options);
    };
    const backend = createLinuxExecBackend(flaky);
    await expect(backend.cpuTimes()).rejects.toBeInstanceOf(CommandFailed);
    await expect(backend.cpuTimes()).resolves.toMatchObject({ total: { user: 110.33 } });
    await backend.cpuTimes();
    expect(getconfCalls).toBe(2);
  });
});
