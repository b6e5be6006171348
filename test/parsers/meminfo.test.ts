import { describe, expect, it } from 'vitest';
import { parseMeminfo, parseVirtualMemory } from '../../src/backends/exec/linux/parsers/meminfo';
import { expectParseError } from './expect-parse-error';
import { linuxFixture } from './fixtures';

const KiB = 1024;

describe('parseVirtualMemory', () => {
  it.each([
    {
      fixture: 'meminfo/vm-debian12-2cpu.txt',
      expected: {
        total: 24683620 * KiB,
        available: 24317628 * KiB,
        free: 24163520 * KiB,
        active: 160184 * KiB,
        inactive: 193648 * KiB,
        buffers: 5152 * KiB,
        cached: (351380 + 22128) * KiB,
        shared: 8952 * KiB,
        slab: 43048 * KiB,
      },
    },
    {
      // No MemAvailable (kernel < 3.14): free + cached (with SReclaimable) + buffers.
      fixture: 'meminfo/no-memavailable.txt',
      expected: {
        total: 2058280 * KiB,
        available: (158216 + 1283300 + 143072 + 112520) * KiB,
        free: 158216 * KiB,
        active: 888212 * KiB,
        inactive: 823556 * KiB,
        buffers: 112520 * KiB,
        cached: (1283300 + 143072) * KiB,
        shared: 6972 * KiB,
        slab: 159008 * KiB,
      },
    },
  ])('$fixture', ({ fixture, expected }) => {
    expect(parseVirtualMemory(linuxFixture(fixture))).toEqual(expected);
  });

  it('counts a missing SReclaimable as 0 (an addend of cached)', () => {
    const text = linuxFixture('meminfo/with-swap.txt').replace(/^SReclaimable:.*\n/m, '');
    expect(parseVirtualMemory(text).cached).toBe(5120000 * KiB);
  });

  it('reads MemShared where old kernels lack Shmem, and caps available at total', () => {
    const withSwap = linuxFixture('meminfo/with-swap.txt');
    const old = withSwap.replace(/^Shmem:(.*)$/m, 'MemShared:$1');
    expect(parseVirtualMemory(old).shared).toBe(parseVirtualMemory(withSwap).shared);
    const container = withSwap.replace(/^MemAvailable:.*$/m, 'MemAvailable: 999999999999 kB');
    const vm = parseVirtualMemory(container);
    expect(vm.available).toBe(vm.free);
  });

  it.each([
    ['empty output', ''],
    ['MemTotal missing', 'MemFree: 1 kB\n'],
    ['Active missing', linuxFixture('meminfo/with-swap.txt').replace(/^Active:.*\n/m, '')],
    ['Shmem missing', linuxFixture('meminfo/with-swap.txt').replace(/^Shmem:.*\n/m, '')],
    ['no colon', 'MemTotal 1 kB\n'],
    ['garbage number', 'MemTotal:  12x kB\n'],
    ['negative number', 'MemTotal:  -12 kB\n'],
    ['unknown unit', 'MemTotal:  12 MB\n'],
    ['extra column', 'MemTotal:  12 kB extra\n'],
    ['value missing (truncated line)', 'MemTotal:\n'],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseVirtualMemory(text));
  });
});

describe('parseMeminfo', () => {
  it('keeps unitless counts as printed and converts kB', () => {
    const fields = parseMeminfo(linuxFixture('meminfo/no-memavailable.txt'));
    expect(fields.get('HugePages_Total')).toBe(0);
    expect(fields.get('Hugepagesize')).toBe(2048 * KiB);
    expect(fields.get('Active(anon)')).toBe(196572 * KiB);
  });
});
