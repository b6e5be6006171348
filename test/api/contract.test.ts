/** Types, units and keys of every function, once per backend. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, ps } from '../helpers/psnode';

const CPU_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'];
const isCount = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

afterAll(() => ps.close());

describe.each(BACKENDS)('%s backend', (backend) => {
  beforeAll(() => {
    ps.configure({ backend });
    expect(ps.backendInfo().name).toBe(backend);
  });

  it('cpuCount: logical ≥ physical ≥ 1', async () => {
    const logical = await ps.cpuCount();
    const physical = await ps.cpuCount({ logical: false });
    expect(Number.isInteger(logical)).toBe(true);
    expect(logical).toBeGreaterThanOrEqual(1);
    expect(physical).not.toBeNull();
    expect(physical).toBeGreaterThanOrEqual(1);
    expect(physical).toBeLessThanOrEqual(logical as number);
  });

  it('cpuTimes: seconds, every field, one entry per CPU', async () => {
    const total = await ps.cpuTimes();
    expect(Object.keys(total).sort()).toEqual([...CPU_FIELDS].sort());
    for (const field of CPU_FIELDS) expect(total[field as keyof typeof total]).toBeGreaterThanOrEqual(0);
    const perCpu = await ps.cpuTimes({ percpu: true });
    expect(perCpu).toHaveLength((await ps.cpuCount()) as number);
    const summed = perCpu.reduce((s, t) => s + t.user + t.system + t.idle, 0);
    // The aggregate line is the sum of the per-CPU lines (read at nearly the same time).
    expect(Math.abs(summed - (total.user + total.system + total.idle))).toBeLessThan(5 * perCpu.length);
  });

  it('cpuPercent: first call 0, then 0–100; with an interval, waits that long without blocking', async () => {
    await ps.cpuPercent();
    const started = performance.now();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const percent = await ps.cpuPercent({ interval: 0.3 });
    clearInterval(ticker);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(percent).toBeGreaterThanOrEqual(0);
    expect(percent).toBeLessThanOrEqual(100);
    const perCpu = await ps.cpuPercent({ percpu: true, interval: 0.1 });
    expect(perCpu).toHaveLength((await ps.cpuCount()) as number);
    for (const p of perCpu) expect(p).toBeGreaterThanOrEqual(0);
  });

  it('cpuTimesPercent: fields 0–100 summing to ~100 (guest time excluded)', async () => {
    const p = await ps.cpuTimesPercent({ interval: 0.2 });
    const sum = CPU_FIELDS.filter((f) => !f.startsWith('guest')).reduce((s, f) => s + p[f as keyof typeof p], 0);
    expect(sum).toBeGreaterThan(98);
    expect(sum).toBeLessThan(102);
    const perCpu = await ps.cpuTimesPercent({ percpu: true });
    expect(perCpu.length).toBeGreaterThanOrEqual(1);
  });

  it('cpuStats: counters since boot; syscalls null on Linux', async () => {
    const s = await ps.cpuStats();
    expect(isCount(s.ctxSwitches) && s.ctxSwitches > 0).toBe(true);
    expect(isCount(s.interrupts) && s.interrupts > 0).toBe(true);
    expect(isCount(s.softInterrupts)).toBe(true);
    expect(s.syscalls).toBeNull();
  });

  it('cpuFreq: MHz per CPU with unknown min/max as null, or null altogether', async () => {
    const f = await ps.cpuFreq();
    const perCpu = await ps.cpuFreq({ percpu: true });
    if (f === null) {
      expect(perCpu).toBeNull();
      return;
    }
    expect(f.current).toBeGreaterThan(10);
    expect(f.current).toBeLessThan(20_000);
    expect(perCpu).toHaveLength((await ps.cpuCount()) as number);
  });

  it('getLoadAvg: three non-negative numbers', async () => {
    const load = await ps.getLoadAvg();
    expect(load).toHaveLength(3);
    for (const l of load) expect(l).toBeGreaterThanOrEqual(0);
  });

  it('virtualMemory: bytes, consistent fields, percent 0–100', async () => {
    const m = await ps.virtualMemory();
    expect(Object.keys(m).sort()).toEqual(
      [
        'total',
        'available',
        'percent',
        'used',
        'free',
        'active',
        'inactive',
        'buffers',
        'cached',
        'shared',
        'slab',
      ].sort(),
    );
    for (const [key, value] of Object.entries(m)) if (key !== 'percent') expect(isCount(value)).toBe(true);
    expect(m.total % 1024).toBe(0);
    expect(m.used).toBe(m.total - m.available);
    expect(m.available).toBeLessThanOrEqual(m.total);
    // (free may exceed available: MemAvailable subtracts the kernel's reserves.)
    expect(m.free).toBeLessThanOrEqual(m.total);
    expect(m.percent).toBeCloseTo(((m.total - m.available) / m.total) * 100, 0);
  });

  it('swapMemory: bytes, used = total - free', async () => {
    const s = await ps.swapMemory();
    expect(s.used).toBe(s.total - s.free);
    expect(s.percent).toBeGreaterThanOrEqual(0);
    expect(s.percent).toBeLessThanOrEqual(100);
    expect(isCount(s.sin) && isCount(s.sout)).toBe(true);
  });

  it('bootTime: epoch seconds in the past, after 2000', async () => {
    const boot = await ps.bootTime();
    expect(boot).toBeLessThan(Date.now() / 1000);
    expect(boot).toBeGreaterThan(946_684_800);
  });

  it('users: an array of sessions', async () => {
    const list = await ps.users();
    expect(Array.isArray(list)).toBe(true);
    for (const u of list) {
      expect(typeof u.name).toBe('string');
      expect(typeof u.started).toBe('number');
    }
  });

  it('pids: sorted, unique, includes this process and pid 1; pidExists agrees', async () => {
    const list = await ps.pids();
    expect(list).toEqual([...new Set(list)].sort((a, b) => a - b));
    expect(list).toContain(process.pid);
    expect(list).toContain(1);
    expect(list).not.toContain(0);
    expect(await ps.pidExists(process.pid)).toBe(true);
    expect(await ps.pidExists(1)).toBe(true);
    expect(await ps.pidExists(0)).toBe(false);
    expect(await ps.pidExists(2 ** 31 - 1)).toBe(false);
  });
});
