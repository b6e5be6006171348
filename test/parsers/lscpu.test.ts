import { describe, expect, it } from 'vitest';
import {
  countPhysicalCores,
  parseLscpuFrequencies,
  parseLscpuTopology,
} from '../../src/backends/exec/linux/parsers/lscpu';
import { expectParseError } from './expect-parse-error';
import { linuxFixture } from './fixtures';

const HEADER_COMMENT = [
  '# The following is the parsable format, which can be fed to other',
  '# programs. Each different item in every column has an unique ID',
  '# starting usually from zero.',
].join('\n');
const topology = (...rows: string[]) => `${HEADER_COMMENT}\n# CPU,Core,Socket\n${rows.join('\n')}\n`;
const frequencies = (...rows: string[]) => `${HEADER_COMMENT}\n# CPU,Mhz,Maxmhz,Minmhz\n${rows.join('\n')}\n`;

describe('parseLscpuTopology + countPhysicalCores', () => {
  it.each([
    { fixture: 'lscpu/topology-vm-debian12-2cpu.txt', logical: 2, physical: 2 },
    { fixture: 'lscpu/topology-2socket-smt.txt', logical: 16, physical: 8 },
    { fixture: 'lscpu/topology-no-core.txt', logical: 2, physical: null },
  ])('$fixture: $logical logical, $physical physical', ({ fixture, logical, physical }) => {
    const rows = parseLscpuTopology(linuxFixture(fixture));
    expect(rows).toHaveLength(logical);
    expect(countPhysicalCores(rows)).toBe(physical);
  });

  it('keeps core ids per socket apart', () => {
    const rows = parseLscpuTopology(topology('0,0,0', '1,0,1', '2,0,0', '3,0,1'));
    expect(countPhysicalCores(rows)).toBe(2);
  });

  it('ignores rows without a core id', () => {
    const rows = parseLscpuTopology(topology('0,0,0', '1,,0'));
    expect(rows[1]).toEqual({ cpu: 1, core: null, socket: 0 });
    expect(countPhysicalCores(rows)).toBe(1);
  });

  it.each([
    ['empty output', ''],
    ['header only', topology()],
    ['header missing', '0,0,0\n1,1,0\n'],
    ['wrong columns', `${HEADER_COMMENT}\n# CPU,Core\n0,0\n`],
    ['short row', topology('0,0,0', '1,1')],
    ['long row', topology('0,0,0,0')],
    ['garbage cpu', topology('x,0,0')],
    ['garbage core', topology('0,-1,0')],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseLscpuTopology(text));
  });
});

describe('parseLscpuFrequencies', () => {
  it('reads a VM with a current frequency only', () => {
    expect(parseLscpuFrequencies(linuxFixture('lscpu/freq-vm-debian12-2cpu.txt'))).toEqual([
      { current: 2096.032, min: null, max: null },
      { current: 2096.032, min: null, max: null },
    ]);
  });

  it('reads a machine with cpufreq limits', () => {
    const freqs = parseLscpuFrequencies(linuxFixture('lscpu/freq-2socket-smt.txt'));
    expect(freqs).toHaveLength(16);
    expect(freqs?.[2]).toEqual({ current: 3650.215, min: 1200, max: 3700 });
  });

  it('gives null when no CPU reports a frequency', () => {
    expect(parseLscpuFrequencies(linuxFixture('lscpu/freq-no-mhz.txt'))).toBeNull();
  });

  it.each([
    ['empty output', ''],
    ['header only', frequencies()],
    ['topology header', topology('0,0,0,0')],
    ['some CPUs without a frequency', frequencies('0,2000.0,,', '1,,,')],
    ['garbage MHz', frequencies('0,fast,,')],
    ['garbage max', frequencies('0,2000.0,3.7GHz,')],
    ['short row', frequencies('0,2000.0,')],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseLscpuFrequencies(text));
  });
});
