/** Each backend against the OS's own tools and files, with psutil's tolerances. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadPid, makeThread, makeZombie } from '../helpers/procs';
import { BACKENDS, ps } from '../helpers/psnode';
import { tool } from '../helpers/run';

const MiB = 1024 * 1024;

function meminfo(): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const line of readFileSync('/proc/meminfo', 'utf8').split('\n')) {
    const match = /^(\S+):\s+(\d+)/.exec(line);
    if (match?.[1] && match[2]) fields[match[1]] = Number(match[2]) * 1024;
  }
  return fields;
}

/** `free -b` rows by their first column. */
function freeB(): Record<string, number[]> {
  const rows: Record<string, number[]> = {};
  for (const line of tool('free', ['-b']).split('\n').slice(1)) {
    const [name, ...values] = line.trim().split(/\s+/);
    if (name) rows[name.replace(':', '')] = values.map(Number);
  }
  return rows;
}

afterAll(() => ps.close());

describe.each(BACKENDS)('%s backend against the OS', (backend) => {
  beforeAll(() => ps.configure({ backend }));

  it('virtualMemory matches /proc/meminfo and free -b', async () => {
    const m = await ps.virtualMemory();
    const info = meminfo();
    expect(m.total).toBe(info.MemTotal);
    const free = freeB();
    const [total, , , shared, buffCache, available] = free.Mem ?? [];
    expect(m.total).toBe(total);
    expect(Math.abs(m.available - (available ?? 0))).toBeLessThan(64 * MiB);
    expect(Math.abs(m.shared - (shared ?? 0))).toBeLessThan(16 * MiB);
    expect(Math.abs(m.cached + m.buffers - (buffCache ?? 0))).toBeLessThan(64 * MiB);
    expect(Math.abs(m.slab - (info.Slab ?? 0))).toBeLessThan(16 * MiB);
  });

  it('swapMemory matches free -b and /proc/vmstat', async () => {
    const s = await ps.swapMemory();
    const [total, used, free] = freeB().Swap ?? [];
    expect(s.total).toBe(total);
    expect(Math.abs(s.used - (used ?? 0))).toBeLessThan(16 * MiB);
    expect(Math.abs(s.free - (free ?? 0))).toBeLessThan(16 * MiB);
    const vmstat = readFileSync('/proc/vmstat', 'utf8');
    const pswpin = Number(/^pswpin (\d+)/m.exec(vmstat)?.[1]);
    expect(s.sin).toBeGreaterThanOrEqual(pswpin * 4096);
  });

  it('cpuCount matches getconf/nproc and lscpu', async () => {
    expect(await ps.cpuCount()).toBe(Number(tool('getconf', ['_NPROCESSORS_ONLN'])));
    // nproc counts the CPUs this process may run on: never more than those online.
    expect(Number(tool('nproc'))).toBeLessThanOrEqual((await ps.cpuCount()) as number);
    const rows = tool('lscpu', ['-p=CORE,SOCKET'])
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(await ps.cpuCount({ logical: false })).toBe(new Set(rows).size);
  });

  it('cpuTimes match /proc/stat within a few ticks', async () => {
    const ticks = Number(tool('getconf', ['CLK_TCK']));
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [user, nice, system, idle] = line.split(/\s+/).slice(1).map(Number);
    const t = await ps.cpuTimes();
    expect(Math.abs(t.user - (user ?? 0) / ticks)).toBeLessThan(2);
    expect(Math.abs(t.nice - (nice ?? 0) / ticks)).toBeLessThan(2);
    expect(Math.abs(t.system - (system ?? 0) / ticks)).toBeLessThan(2);
    expect(Math.abs(t.idle - (idle ?? 0) / ticks)).toBeLessThan(4);
  });

  it('bootTime is /proc/stat btime and agrees with /proc/uptime', async () => {
    const btime = Number(/^btime (\d+)/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    expect(await ps.bootTime()).toBe(btime);
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    expect(Math.abs(Date.now() / 1000 - uptime - btime)).toBeLessThan(2);
  });

  it('getLoadAvg is /proc/loadavg', async () => {
    const before = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
    const load = await ps.getLoadAvg();
    for (let i = 0; i < 3; i++) expect(Math.abs((load[i] ?? 0) - (before[i] ?? 0))).toBeLessThan(0.5);
  });

  it('cpuFreq follows /proc/cpuinfo where /sys has no cpufreq', async () => {
    const mhz = [...readFileSync('/proc/cpuinfo', 'utf8').matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) =>
      Number(m[1]),
    );
    const perCpu = await ps.cpuFreq({ percpu: true });
    if (mhz.length === 0) return;
    expect(perCpu).not.toBeNull();
    for (const [i, f] of (perCpu ?? []).entries()) expect(Math.abs(f.current - (mhz[i] ?? 0))).toBeLessThan(500);
  });

  it('pids match ps -e (minus processes that came or went)', async () => {
    const fromPs = new Set(tool('ps', ['-e', '-o', 'pid=']).split('\n').filter(Boolean).map(Number));
    const ours = new Set(await ps.pids());
    const common = [...fromPs].filter((p) => ours.has(p)).length;
    expect(common).toBeGreaterThanOrEqual(fromPs.size - 5);
    expect(Math.abs(ours.size - fromPs.size)).toBeLessThan(6);
  });

  it('users match who', async () => {
    const lines = tool('who').split('\n').filter(Boolean);
    const list = await ps.users();
    expect(list.length).toBe(lines.length);
    expect(list.map((u) => u.name).sort()).toEqual(lines.map((l) => l.split(/\s+/)[0]).sort());
  });

  it('pidExists: a zombie exists, a reaped child and a thread id do not', async () => {
    const zombie = await makeZombie();
    const thread = await makeThread();
    try {
      expect(await ps.pidExists(zombie.pid)).toBe(true);
      expect(await ps.pidExists(zombie.parent)).toBe(true);
      expect(await ps.pidExists(thread.tid)).toBe(false);
      expect((await ps.pids()).includes(thread.tid)).toBe(false);
      expect(await ps.pidExists(await deadPid())).toBe(false);
    } finally {
      zombie.kill();
      await thread.stop();
    }
  });
});
