import { describe, expect, it } from 'vitest';
import { busyPercent, deriveSwapMemory, deriveVirtualMemory, percentOf, timesPercent } from '../../src/api/derive';
import type { CpuTimes } from '../../src/api/types';

const zero: CpuTimes = {
  user: 0,
  nice: 0,
  system: 0,
  idle: 0,
  iowait: 0,
  irq: 0,
  softirq: 0,
  steal: 0,
  guest: 0,
  guestNice: 0,
};
const at = (fields: Partial<CpuTimes>): CpuTimes => ({ ...zero, ...fields });

describe('derive', () => {
  it('percentOf rounds to one decimal and is 0 for an empty whole', () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(5, 0)).toBe(0);
  });

  it('virtual memory: used = total - available; percent from it', () => {
    const vm = deriveVirtualMemory({
      total: 1000,
      available: 250,
      free: 100,
      active: 1,
      inactive: 2,
      buffers: 3,
      cached: 4,
      shared: 5,
      slab: 6,
    });
    expect(vm.used).toBe(750);
    expect(vm.percent).toBe(75);
    expect(vm.slab).toBe(6);
  });

  it('swap: used = total - free; no swap is 0 percent, not NaN', () => {
    expect(deriveSwapMemory({ total: 400, free: 100, sin: 1, sout: 2 })).toEqual({
      total: 400,
      used: 300,
      free: 100,
      percent: 75,
      sin: 1,
      sout: 2,
    });
    expect(deriveSwapMemory({ total: 0, free: 0, sin: 0, sout: 0 }).percent).toBe(0);
  });

  it('busy percent excludes idle and iowait, and guest time counted twice', () => {
    const before = at({});
    const after = at({ user: 30, guest: 10, system: 10, idle: 40, iowait: 20 });
    // total = 30 + 10 + 40 + 20 (guest is inside user) = 100; busy = 40.
    expect(busyPercent(before, after)).toBe(40);
  });

  it('a sample compared with itself is 0, and counters going backwards never give negatives', () => {
    const sample = at({ user: 5, idle: 5 });
    expect(busyPercent(sample, sample)).toBe(0);
    expect(busyPercent(at({ user: 10, idle: 10 }), at({ user: 5, idle: 20 }))).toBe(0);
  });

  it('times percent: each mode share of the elapsed total', () => {
    const p = timesPercent(at({}), at({ user: 25, system: 25, idle: 50 }));
    expect(p.user).toBe(25);
    expect(p.system).toBe(25);
    expect(p.idle).toBe(50);
    expect(p.iowait).toBe(0);
  });
});
