import { describe, expect, it } from 'vitest';
import { parsePidList, parsePidPresence } from '../../src/backends/exec/linux/parsers/ps';
import { expectParseError } from './expect-parse-error';
import { linuxFixture } from './fixtures';

describe('parsePidList', () => {
  it('reads a real capture', () => {
    const pids = parsePidList(linuxFixture('ps/pids-vm-debian12-2cpu.txt'));
    expect(pids).toHaveLength(69);
    expect(pids.slice(0, 3)).toEqual([1, 2, 3]);
    expect(pids.at(-1)).toBe(5704);
  });

  it.each([
    ['empty output', ''],
    ['a header line', '  PID\n    1\n'],
    ['garbage pid', '    1\n  2x\n'],
    ['two columns', '    1 init\n'],
    ['negative pid', '   -1\n'],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parsePidList(text));
  });
});

describe('parsePidPresence', () => {
  it.each([
    ['ps/pid-1-vm-debian12-2cpu.txt', 1, true],
    ['ps/pid-absent-vm-debian12-2cpu.txt', 999999, false],
  ])('%s', (fixture, pid, exists) => {
    expect(parsePidPresence(linuxFixture(fixture), pid)).toBe(exists);
  });

  it.each([
    ['another pid', '    2\n'],
    ['two pids', '    1\n    1\n'],
    ['garbage', 'error\n'],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parsePidPresence(text, 1));
  });
});
