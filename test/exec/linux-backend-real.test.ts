/**
 * The exec backend for real on this machine, checked against /proc read
 * directly with fs. Counters move between the two reads, so checks bracket
 * the backend's value between a read before and a read after it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createExecBackend } from '../../src/backends/exec';
import { createLinuxExecBackend } from '../../src/backends/exec/linux';
import { createExecFileRunner } from '../../src/backends/exec/runner';
import { writeUtmp } from './utmp';
import { SAMPLE_UTMP_RECORDS } from './utmp-sample';

const readProc = (file: string) => readFileSync(path.join('/proc', file), 'utf8');

/** The numbers of the /proc/stat line starting with `label`. */
function procStatLine(label: string): number[] {
  const line = readProc('stat')
    .split('\n')
    .find((candidate) => candidate.split(/\s+/)[0] === label);
  return (line ?? '').trim().split(/\s+/).slice(1).map(Number);
}

/** A /proc/meminfo field in bytes. */
function meminfoBytes(name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(readProc('meminfo'));
  return Number(match?.[1]) * 1024;
}

const CLK_TCK = 100; // checked below against getconf through the backend's own result

describe.runIf(process.platform === 'linux')('exec backend on this Linux machine', () => {
  const backend = createExecBackend();

  it('is the exec backend', () => {
    expect(backend.name).toBe('exec');
  });

  it('cpuTimes lies between two direct reads of /proc/stat', async () => {
    const before = procStatLine('cpu');
    const times = await backend.cpuTimes();
    const after = procStatLine('cpu');
    const slack = 1 / CLK_TCK;
    expect(times.total.user).toBeGreaterThanOrEqual((before[0] ?? 0) / CLK_TCK - slack);
    expect(times.total.user).toBeLessThanOrEqual((after[0] ?? 0) / CLK_TCK + slack);
    expect(times.total.idle).toBeGreaterThanOrEqual((before[3] ?? 0) / CLK_TCK - slack);
    expect(times.total.idle).toBeLessThanOrEqual((after[3] ?? 0) / CLK_TCK + slack);
    const onlineCpus = readProc('stat').match(/^cpu\d+ /gm)?.length;
    expect(times.perCpu).toHaveLength(onlineCpus ?? -1);
  });

  it('cpuStats lies between two direct reads', async () => {
    const before = procStatLine('ctxt')[0] ?? 0;
    const stats = await backend.cpuStats();
    const after = procStatLine('ctxt')[0] ?? 0;
    expect(stats.ctxSwitches).toBeGreaterThanOrEqual(before);
    expect(stats.ctxSwitches).toBeLessThanOrEqual(after);
    expect(stats.interrupts).toBeGreaterThan(0);
    expect(stats.softInterrupts).toBeGreaterThan(0);
    expect(stats.syscalls).toBeNull();
  });

  it('bootTime equals btime', async () => {
    await expect(backend.bootTime()).resolves.toBe(procStatLine('btime')[0]);
  });

  it('cpu counts match the online CPUs', async () => {
    const online = readProc('stat').match(/^cpu\d+ /gm)?.length;
    const logical = await backend.cpuCountLogical();
    expect(logical).toBe(online);
    expect(logical).toBe(os.availableParallelism());
    const physical = await backend.cpuCountPhysical();
    expect(physical).toBeGreaterThanOrEqual(1);
    expect(physical).toBeLessThanOrEqual(logical ?? 0);
  });

  it('cpuFreq gives one positive frequency per CPU, or null', async () => {
    const freqs = await backend.cpuFreq();
    if (freqs === null) return;
    expect(freqs).toHaveLength(os.availableParallelism());
    for (const freq of freqs) {
      expect(freq.current).toBeGreaterThan(0);
      if (freq.max !== null && freq.min !== null) expect(freq.max).toBeGreaterThanOrEqual(freq.min);
    }
  });

  it('loadAvg is close to /proc/loadavg', async () => {
    const direct = readProc('loadavg').split(' ').slice(0, 3).map(Number);
    const averages = await backend.loadAvg();
    for (const [index, average] of averages.entries()) {
      expect(Math.abs(average - (direct[index] ?? 0))).toBeLessThan(1);
    }
  });

  it('virtualMemory: exact total, moving figures within 5% of total', async () => {
    const memory = await backend.virtualMemory();
    const total = meminfoBytes('MemTotal');
    expect(memory.total).toBe(total);
    expect(Math.abs(memory.free - meminfoBytes('MemFree'))).toBeLessThan(total * 0.05);
    expect(Math.abs(memory.available - meminfoBytes('MemAvailable'))).toBeLessThan(total * 0.05);
    expect(memory.available).toBeLessThanOrEqual(total);
    expect(memory.cached).toBeGreaterThanOrEqual(0);
  });

  it('swapMemory: exact total, counters in bytes of whole pages', async () => {
    const swap = await backend.swapMemory();
    expect(swap.total).toBe(meminfoBytes('SwapTotal'));
    expect(swap.free).toBeLessThanOrEqual(swap.total);
    expect(swap.sin % 4096).toBe(0);
    expect(swap.sout % 4096).toBe(0);
  });

  it('users gives well-formed sessions', async () => {
    for (const user of await backend.users()) {
      expect(user.name).not.toBe('');
      expect(Number.isInteger(user.started)).toBe(true);
    }
  });

  it('pids contains this process and init, sorted, and nearly all of /proc', async () => {
    const direct = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
    const pids = await backend.pids();
    expect(pids).toContain(process.pid);
    expect(pids).toContain(1);
    expect(pids).not.toContain(0);
    expect(pids).toEqual([...pids].sort((a, b) => a - b));
    const listed = new Set(pids);
    expect(direct.filter((pid) => listed.has(pid)).length).toBeGreaterThanOrEqual(direct.length * 0.9);
  });

  it('pidExists: this process yes; pid 0, a thread id and a dead pid no', async () => {
    expect(await backend.pidExists(process.pid)).toBe(true);
    expect(await backend.pidExists(1)).toBe(true);
    expect(await backend.pidExists(0)).toBe(false);
    const threadId = readdirSync(`/proc/${process.pid}/task`)
      .map(Number)
      .find((tid) => tid !== process.pid);
    if (threadId !== undefined) expect(await backend.pidExists(threadId)).toBe(false);
    const { pid: deadPid } = await createExecFileRunner()('true', []);
    expect(await backend.pidExists(deadPid ?? 0)).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('users(utmpPath) with a written utmp file, real who', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'psnode-utmp-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reads USER_PROCESS records with names, terminals, hosts, times and pids', async () => {
    const file = path.join(directory, 'utmp');
    writeUtmp(file, SAMPLE_UTMP_RECORDS);
    const users = await createLinuxExecBackend(createExecFileRunner()).users(file);
    const toMinute = (seconds: number) => Math.floor(seconds / 60) * 60;
    expect(users).toEqual([
      { name: 'alice', terminal: 'pts/0', host: '10.0.0.5', started: toMinute(1_700_000_100), pid: 1234 },
      { name: 'bob', terminal: 'tty1', host: null, started: toMinute(1_700_003_600), pid: 4321 },
      {
        name: 'nopid',
        terminal: 'pts/7',
        host: 'workstation.example.com:0',
        started: toMinute(1_700_007_200),
        pid: null,
      },
      // The name's bytes 0xff 0xfe are not UTF-8: each becomes U+FFFD.
      { name: 'a\uFFFD\uFFFDb', terminal: 'pts/3', host: null, started: toMinute(1_700_010_000), pid: 77 },
      { name: 'noline', terminal: null, host: null, started: toMinute(1_700_010_000), pid: 78 },
    ]);
  });

  it('gives [] for a utmp file that does not exist', async () => {
    const users = await createLinuxExecBackend(createExecFileRunner()).users(path.join(directory, 'absent'));
    expect(users).toEqual([]);
  });
});
