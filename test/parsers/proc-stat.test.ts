import { describe, expect, it } from 'vitest';
import {
  parseProcStatBootTime,
  parseProcStatCounters,
  parseProcStatCpuTicks,
} from '../../src/backends/exec/linux/parsers/proc-stat';
import { expectParseError } from './expect-parse-error';
import { linuxFixture } from './fixtures';

const ticks = (...values: number[]) => {
  const [
    user = 0,
    nice = 0,
    system = 0,
    idle = 0,
    iowait = 0,
    irq = 0,
    softirq = 0,
    steal = 0,
    guest = 0,
    guestNice = 0,
  ] = values;
  return { user, nice, system, idle, iowait, irq, softirq, steal, guest, guestNice };
};

describe('parseProcStatCpuTicks', () => {
  it.each([
    {
      fixture: 'proc-stat/vm-debian12-2cpu.txt',
      total: ticks(11033, 0, 5220, 74338, 149, 0, 182, 0, 0, 0),
      cpus: 2,
      cpu0: ticks(4845, 0, 2504, 37998, 18, 0, 108, 0, 0, 0),
    },
    {
      fixture: 'proc-stat/old-kernel-7-fields.txt',
      total: ticks(2255, 34, 2290, 22625563, 6290, 127, 456),
      cpus: 2,
      cpu0: ticks(1132, 34, 1441, 11311718, 3675, 127, 438),
    },
    {
      fixture: 'proc-stat/4-fields-2.4.txt',
      total: ticks(1279636, 26, 1131398, 44436658),
      cpus: 1,
      cpu0: ticks(1279636, 26, 1131398, 44436658),
    },
    {
      fixture: 'proc-stat/4cpu-cpu2-offline.txt',
      total: ticks(40000, 10, 20000, 400000, 300, 0, 500),
      cpus: 3,
      cpu0: ticks(10000, 5, 5000, 100000, 100, 0, 200),
    },
    {
      fixture: 'proc-stat/guest-11-fields-future.txt',
      total: ticks(100, 1, 50, 1000, 2, 3, 4, 5, 6, 7),
      cpus: 1,
      cpu0: ticks(100, 1, 50, 1000, 2, 3, 4, 5, 6, 7),
    },
  ])('$fixture', ({ fixture, total, cpus, cpu0 }) => {
    const parsed = parseProcStatCpuTicks(linuxFixture(fixture));
    expect(parsed.total).toEqual(total);
    expect(parsed.perCpu).toHaveLength(cpus);
    expect(parsed.perCpu[0]).toEqual(cpu0);
  });

  it.each([
    ['empty output', ''],
    ['blank lines only', '\n  \n'],
    ['no cpu lines', 'ctxt 1\nbtime 2\n'],
    ['aggregate line missing', 'cpu0 1 2 3 4\ncpu1 1 2 3 4\n'],
    ['aggregate line not first', 'cpu0 1 2 3 4\ncpu 1 2 3 4\n'],
    ['truncated after the aggregate line', 'cpu  1 2 3 4 5 6 7 0 0 0\n'],
    ['too few columns', 'cpu  1 2 3\ncpu0 1 2 3\n'],
    ['garbage number', 'cpu  1 2 3 4\ncpu0 1 2x 3 4\n'],
    ['negative number', 'cpu  1 2 3 4\ncpu0 1 -2 3 4\n'],
    ['decimal ticks', 'cpu  1 2 3 4\ncpu0 1 2.5 3 4\n'],
    ['unexpected label', 'cpu  1 2 3 4\ncpuX 1 2 3 4\n'],
    ['unsafe integer', 'cpu  1 2 3 99999999999999999999\ncpu0 1 2 3 4\n'],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseProcStatCpuTicks(text));
  });
});

describe('parseProcStatCounters', () => {
  it('reads ctxt, intr and softirq (first numbers) of a real capture', () => {
    expect(parseProcStatCounters(linuxFixture('proc-stat/vm-debian12-2cpu.txt'))).toEqual({
      ctxSwitches: 371813,
      interrupts: 188790,
      softInterrupts: 108230,
    });
  });

  it('reads a machine with a cpu offline', () => {
    expect(parseProcStatCounters(linuxFixture('proc-stat/4cpu-cpu2-offline.txt'))).toEqual({
      ctxSwitches: 5000000,
      interrupts: 2000000,
      softInterrupts: 900000,
    });
  });

  it('rejects a kernel without a softirq line (before 2.6.31) rather than reporting 0', () => {
    const error = expectParseError(() => parseProcStatCounters(linuxFixture('proc-stat/old-kernel-7-fields.txt')));
    expect(error.message).toContain('softirq');
  });

  it.each([
    ['empty output', ''],
    ['ctxt missing', 'intr 1 0\nsoftirq 2 0\n'],
    ['intr without a number', 'ctxt 1\nintr\nsoftirq 2 0\n'],
    ['garbage ctxt', 'ctxt abc\nintr 1 0\nsoftirq 2 0\n'],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseProcStatCounters(text));
  });
});

describe('parseProcStatBootTime', () => {
  it.each([
    ['proc-stat/vm-debian12-2cpu.txt', 1795657474],
    ['proc-stat/old-kernel-7-fields.txt', 1062191376],
    ['proc-stat/4-fields-2.4.txt', 1062178012],
  ])('%s', (fixture, btime) => {
    expect(parseProcStatBootTime(linuxFixture(fixture))).toBe(btime);
  });

  it.each([
    ['empty output', ''],
    ['btime missing', 'cpu  1 2 3 4\nctxt 5\n'],
    ['btime garbage', 'btime 17e9\n'],
    ['btime empty', 'btime\n'],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseProcStatBootTime(text));
  });
});
