/** Native and exec give the same answers (up to what moves between two reads). */
import { afterAll, describe, expect, it } from 'vitest';
import { ps } from '../helpers/psnode';

afterAll(() => ps.close());

async function both<T>(fn: () => Promise<T>): Promise<{ native: T; exec: T }> {
  ps.configure({ backend: 'native' });
  const native = await fn();
  ps.configure({ backend: 'exec' });
  const exec = await fn();
  return { native, exec };
}

describe('native vs exec', () => {
  it('virtualMemory().total is identical, and equal to MemTotal', async () => {
    const { native, exec } = await both(() => ps.virtualMemory());
    expect(exec.total).toBe(native.total);
    expect(Object.keys(exec)).toEqual(Object.keys(native));
  });

  it('constants agree exactly: cpu counts, boot time, swap total', async () => {
    expect((await both(() => ps.cpuCount())).exec).toBe((await both(() => ps.cpuCount())).native);
    const physical = await both(() => ps.cpuCount({ logical: false }));
    expect(physical.exec).toBe(physical.native);
    const boot = await both(() => ps.bootTime());
    expect(boot.exec).toBe(boot.native);
    const swap = await both(() => ps.swapMemory());
    expect(swap.exec.total).toBe(swap.native.total);
  });

  it('counters agree within what moves between two reads', async () => {
    const times = await both(() => ps.cpuTimes({ percpu: true }));
    expect(times.exec).toHaveLength(times.native.length);
    times.native.forEach((n, cpu) => {
      const e = times.exec[cpu];
      expect(e && Math.abs(e.idle - n.idle)).toBeLessThan(5);
      expect(e && e.user - n.user).toBeGreaterThanOrEqual(0);
    });
    const stats = await both(() => ps.cpuStats());
    expect(stats.exec.ctxSwitches).toBeGreaterThanOrEqual(stats.native.ctxSwitches);
    expect(stats.exec.syscalls).toBe(stats.native.syscalls);
    const freq = await both(() => ps.cpuFreq({ percpu: true }));
    expect(freq.exec?.length).toBe(freq.native?.length);
    expect(freq.exec?.[0]?.max).toBe(freq.native?.[0]?.max);
  });

  it('lists agree: users exactly, pids up to churn', async () => {
    const users = await both(() => ps.users());
    expect(users.exec.map((u) => u.name)).toEqual(users.native.map((u) => u.name));
    const pids = await both(() => ps.pids());
    const native = new Set(pids.native);
    expect(pids.exec.filter((p) => !native.has(p)).length).toBeLessThan(5);
  });

  it('types of every field agree', async () => {
    const load = await both(() => ps.getLoadAvg());
    expect(load.exec.map((v) => typeof v)).toEqual(load.native.map((v) => typeof v));
    const swap = await both(() => ps.swapMemory());
    expect(Object.keys(swap.exec)).toEqual(Object.keys(swap.native));
  });
});
