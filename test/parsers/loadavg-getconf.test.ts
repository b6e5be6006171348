import { describe, expect, it } from 'vitest';
import { parseGetconfPositiveInteger } from '../../src/backends/exec/linux/parsers/getconf';
import { parseLoadAvg } from '../../src/backends/exec/linux/parsers/loadavg';
import { expectParseError } from './expect-parse-error';
import { linuxFixture } from './fixtures';

describe('parseLoadAvg', () => {
  it('reads a real capture', () => {
    expect(parseLoadAvg(linuxFixture('loadavg/vm-debian12-2cpu.txt'))).toEqual([1.57, 0.68, 0.29]);
  });

  it('reads a busy machine', () => {
    expect(parseLoadAvg('112.50 98.01 64.00 130/2048 4194303\n')).toEqual([112.5, 98.01, 64]);
  });

  it.each([
    ['empty output', ''],
    ['truncated', '0.29 0.24\n'],
    ['four fields', '0.29 0.24 0.10 1/84\n'],
    ['garbage average', '0.29 abc 0.10 1/84 3046\n'],
    ['negative average', '-0.29 0.24 0.10 1/84 3046\n'],
    ['bad running/total', '0.29 0.24 0.10 184 3046\n'],
    ['two lines', '0.29 0.24 0.10 1/84 3046\n0.29 0.24 0.10 1/84 3046\n'],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseLoadAvg(text));
  });
});

describe('parseGetconfPositiveInteger', () => {
  it.each([
    ['getconf/clk-tck-vm-debian12-2cpu.txt', 'CLK_TCK', 100],
    ['getconf/pagesize-vm-debian12-2cpu.txt', 'PAGESIZE', 4096],
  ])('%s', (fixture, name, value) => {
    expect(parseGetconfPositiveInteger(linuxFixture(fixture), name)).toBe(value);
  });

  it.each([
    ['empty output', ''],
    ['undefined variable', 'undefined\n'],
    ['zero', '0\n'],
    ['negative', '-1\n'],
    ['two lines', '100\n100\n'],
    ['garbage', '100Hz\n'],
  ])('%s → ParseError', (_name, text) => {
    const error = expectParseError(() => parseGetconfPositiveInteger(text, 'CLK_TCK'));
    expect(error.source).toBe('getconf CLK_TCK');
  });
});
