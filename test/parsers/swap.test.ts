import { describe, expect, it } from 'vitest';
import { parseSwapMemory, splitMeminfoAndVmstat } from '../../src/backends/exec/linux/parsers/swap';
import { parseVmstat } from '../../src/backends/exec/linux/parsers/vmstat';
import { expectParseError } from './expect-parse-error';
import { linuxFixture } from './fixtures';

const KiB = 1024;
/** What `cat a b` prints. */
const concatenated = (...files: string[]) => files.map(linuxFixture).join('');

describe('parseSwapMemory (cat /proc/meminfo /proc/vmstat)', () => {
  it.each([
    {
      name: 'real capture, no swap',
      text: concatenated('meminfo/vm-debian12-2cpu.txt', 'vmstat/vm-debian12-2cpu.txt'),
      expected: { total: 0, free: 0, sin: 0, sout: 0 },
    },
    {
      name: 'a machine swapping',
      text: concatenated('meminfo/with-swap.txt', 'vmstat/swapping.txt'),
      expected: { total: 8388604 * KiB, free: 7340028 * KiB, sin: 262144 * 4096, sout: 524288 * 4096 },
    },
    {
      name: 'old kernel without MemAvailable',
      text: concatenated('meminfo/no-memavailable.txt', 'vmstat/swapping.txt'),
      expected: { total: 2097148 * KiB, free: 2083496 * KiB, sin: 262144 * 4096, sout: 524288 * 4096 },
    },
  ])('$name', ({ text, expected }) => {
    expect(parseSwapMemory(text, 4096)).toEqual(expected);
  });

  it('splits the two files where the first vmstat line starts', () => {
    const parts = splitMeminfoAndVmstat(concatenated('meminfo/with-swap.txt', 'vmstat/swapping.txt'));
    expect(parts.meminfo.trimEnd().split('\n').at(-1)).toMatch(/^SUnreclaim:/);
    expect(parts.vmstat.split('\n')[0]).toBe('nr_free_pages 128085');
  });

  it.each([
    ['empty output', ''],
    ['meminfo only (vmstat missing)', linuxFixture('meminfo/with-swap.txt')],
    ['vmstat only (meminfo missing)', linuxFixture('vmstat/swapping.txt')],
    ['pswpout missing', `${concatenated('meminfo/with-swap.txt')}pswpin 5\n`],
    ['SwapTotal missing', 'MemTotal: 1 kB\nSwapFree: 0 kB\npswpin 0\npswpout 0\n'],
    ['garbage vmstat value', `${concatenated('meminfo/with-swap.txt')}pswpin x\npswpout 0\n`],
    ['vmstat line with three columns', `${concatenated('meminfo/with-swap.txt')}pswpin 1 2\npswpout 0\n`],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseSwapMemory(text, 4096));
  });
});

describe('parseVmstat', () => {
  it('reads every counter of a real capture', () => {
    const vmstat = parseVmstat(linuxFixture('vmstat/vm-debian12-2cpu.txt'));
    expect(vmstat.get('pswpin')).toBe(0);
    expect(vmstat.size).toBeGreaterThan(100);
  });

  it.each([
    ['empty output', ''],
    ['name only', 'pswpin\n'],
    ['meminfo-style line', 'MemTotal: 1 kB\n'],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseVmstat(text));
  });
});
