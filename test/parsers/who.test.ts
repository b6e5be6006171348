import { describe, expect, it } from 'vitest';
import { parseWhoUsers } from '../../src/backends/exec/linux/parsers/who';
import { expectParseError } from './expect-parse-error';
import { linuxFixture } from './fixtures';

/** Epoch seconds of a local date and time (`who` prints local time); month is 1-based. */
const local = (year: number, month: number, day: number, hour: number, minute: number) =>
  new Date(year, month - 1, day, hour, minute).getTime() / 1000;

/** The sessions of `test/exec/utmp-sample.ts`, as `who -u` prints them on a machine in `year`. */
const sampleUsers = (year: number) => [
  { name: 'alice', terminal: 'pts/0', host: '10.0.0.5', started: local(year, 11, 14, 22, 15), pid: 1234 },
  { name: 'bob', terminal: 'tty1', host: null, started: local(year, 11, 14, 23, 13), pid: 4321 },
  {
    name: 'nopid',
    terminal: 'pts/7',
    host: 'workstation.example.com:0',
    started: local(year, 11, 15, 0, 13),
    pid: null,
  },
  { name: 'a\uFFFD\uFFFDb', terminal: 'pts/3', host: null, started: local(year, 11, 15, 1, 0), pid: 77 },
  { name: 'noline', terminal: null, host: null, started: local(year, 11, 15, 1, 0), pid: 78 },
];

describe('parseWhoUsers', () => {
  it('reads the C.UTF-8 capture (full date)', () => {
    const text = linuxFixture('who/vm-debian12-sample-utmp-c-utf8.txt');
    expect(parseWhoUsers(text, local(2030, 1, 1, 0, 0))).toEqual(sampleUsers(2023));
  });

  it('reads the C capture (no year) as of a day later: same year', () => {
    const text = linuxFixture('who/vm-debian12-sample-utmp-c.txt');
    expect(parseWhoUsers(text, local(2023, 11, 16, 12, 0))).toEqual(sampleUsers(2023));
  });

  it('reads the C capture as of the next spring: last year', () => {
    const text = linuxFixture('who/vm-debian12-sample-utmp-c.txt');
    expect(parseWhoUsers(text, local(2024, 3, 1, 12, 0))).toEqual(sampleUsers(2023));
  });

  it('matches UTC epoch seconds of the utmp records when the time zone is UTC', () => {
    const [alice] = parseWhoUsers(linuxFixture('who/vm-debian12-sample-utmp-c-utf8.txt'));
    const utcOffsetMinutes = new Date(1_700_000_100 * 1000).getTimezoneOffset();
    expect(alice?.started).toBe(1_700_000_100 + utcOffsetMinutes * 60);
  });

  it('gives [] for no sessions (a real capture without /run/utmp)', () => {
    expect(parseWhoUsers(linuxFixture('who/vm-debian12-no-utmp.txt'))).toEqual([]);
  });

  it('reads every idle form, Feb 29, New Year and an X display', () => {
    const text = linuxFixture('who/idle-variants-c.txt');
    expect(parseWhoUsers(text, local(2026, 11, 26, 1, 48))).toEqual([
      // One minute "in the future": clock adjustments are tolerated, still this year.
      { name: 'carol', terminal: 'pts/1', host: '192.168.1.7', started: local(2026, 11, 26, 1, 49), pid: 2001 },
      // 2026 and 2025 have no Feb 29: the latest leap year.
      { name: 'dave', terminal: 'pts/2', host: null, started: local(2024, 2, 29, 8, 0), pid: 2002 },
      { name: 'erin', terminal: ':0', host: ':0', started: local(2025, 12, 31, 23, 59), pid: 2003 },
    ]);
  });

  it('puts Dec 31 in last year on Jan 1', () => {
    const line = 'erin     pts/0        Dec 31 23:59   .          2003\n';
    expect(parseWhoUsers(line, local(2024, 1, 1, 0, 5))[0]?.started).toBe(local(2023, 12, 31, 23, 59));
  });

  it('accepts a line without a pid column (null)', () => {
    const line = 'frank    pts/4        2024-05-06 07:08   .\n';
    expect(parseWhoUsers(line)).toEqual([
      { name: 'frank', terminal: 'pts/4', host: null, started: local(2024, 5, 6, 7, 8), pid: null },
    ]);
  });

  it.each([
    ['garbage', 'hello world\n'],
    ['truncated line', 'alice    pts/0\n'],
    ['time cut short', 'alice    pts/0        2023-11-14 22\n'],
    ['unknown month', 'alice    pts/0        Foo 14 22:15   ?          1234\n'],
    ['hour 25', 'alice    pts/0        2023-11-14 25:15   ?          1234\n'],
    ['Feb 30', 'alice    pts/0        2023-02-30 10:00   ?          1234\n'],
    ['bad idle', 'alice    pts/0        2023-11-14 22:15   zz         1234\n'],
    ['pid not a number', 'alice    pts/0        2023-11-14 22:15   ?          12a4\n'],
    ['unclosed host', 'alice    pts/0        2023-11-14 22:15   ?          1234 (10.0.0.5\n'],
    ['a heading line (who -H)', 'NAME     LINE         TIME             IDLE          PID COMMENT\n'],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseWhoUsers(text));
  });
});
