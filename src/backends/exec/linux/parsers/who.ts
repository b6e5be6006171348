/**
 * Parser for GNU coreutils `who -u [file]`. Each line is
 *
 *     name  line  time  idle  pid  (host)
 *
 * printed with `%-8s %-12s` padding, so an empty `line` leaves only blanks.
 * `idle` is `.` (active in the last minute), `HH:MM`, `old` (over a day) or
 * `?` (the terminal device cannot be stat'ed); `(host)` is absent for a local
 * login. The time is local time, minute precision, in one of two formats:
 * `2023-11-14 22:15` when LC_TIME is a "hard" locale such as `C.UTF-8`, or
 * `Nov 14 22:15` (no year) in the C/POSIX locale. The year of the second form
 * is inferred: the latest year in which that date is not in the future.
 */
import { ParseError } from '../../../../api/errors';
import type { RawUser } from '../../../types';

/** Default source named in errors. */
export const WHO_SOURCE = 'who -u';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const ISO_TIME = '(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2})';
const C_LOCALE_TIME = `(${MONTHS.join('|')}) ([ \\d]\\d) (\\d{2}):(\\d{2})`;
const WHO_LINE = new RegExp(
  [
    '^(?<name>\\S+)\\s+(?<line>.*?)\\s*',
    `(?:${ISO_TIME}|${C_LOCALE_TIME})`,
    '\\s+(?:\\.|old|\\?|\\d{2}:\\d{2})', // idle: not part of a RawUser
    '(?:\\s+(?<pid>\\d+))?',
    '(?:\\s+\\((?<host>.*)\\))?$',
  ].join(''),
);

/** A login time written "in the future" by up to this much still counts as this year (clock adjustments). */
const FUTURE_TOLERANCE_SECONDS = 24 * 60 * 60;
/** Feb 29 recurs within 8 years; no other date needs more than one step back. */
const YEARS_TO_SEARCH = 8;

interface LocalMinute {
  year: number | null;
  /** 0-based, as `Date` wants it. */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Epoch seconds of a local date and time, or `null` when it does not exist (Feb 30, Feb 29 of a common year). */
function localEpochSeconds(year: number, time: LocalMinute): number | null {
  const date = new Date(year, time.month, time.day, time.hour, time.minute);
  if (date.getFullYear() !== year || date.getMonth() !== time.month || date.getDate() !== time.day) return null;
  return date.getTime() / 1000;
}

function resolveYear(time: LocalMinute, nowSeconds: number, source: string): number {
  if (time.year !== null) {
    const seconds = localEpochSeconds(time.year, time);
    if (seconds === null) throw new ParseError(source, 'invalid login date');
    return seconds;
  }
  const thisYear = new Date(nowSeconds * 1000).getFullYear();
  for (let year = thisYear; year > thisYear - YEARS_TO_SEARCH; year--) {
    const seconds = localEpochSeconds(year, time);
    if (seconds !== null && seconds <= nowSeconds + FUTURE_TOLERANCE_SECONDS) return seconds;
  }
  throw new ParseError(source, 'invalid login date');
}

/** The date/time groups of {@link WHO_LINE}: 5 ISO ones, then 4 C-locale ones. */
function toLocalMinute(groups: readonly (string | undefined)[]): LocalMinute {
  const [isoYear, isoMonth, isoDay, isoHour, isoMinute, cMonth, cDay, cHour, cMinute] = groups;
  if (isoYear !== undefined) {
    return {
      year: Number(isoYear),
      month: Number(isoMonth) - 1,
      day: Number(isoDay),
      hour: Number(isoHour),
      minute: Number(isoMinute),
    };
  }
  return {
    year: null,
    month: MONTHS.indexOf(cMonth ?? ''),
    day: Number(cDay?.trim()),
    hour: Number(cHour),
    minute: Number(cMinute),
  };
}

function checkClock(time: LocalMinute, source: string): void {
  if (time.hour > 23 || time.minute > 59) throw new ParseError(source, 'invalid login time');
}

function parseWhoLine(line: string, nowSeconds: number, source: string): RawUser {
  const match = WHO_LINE.exec(line);
  if (match === null || match.groups === undefined) throw new ParseError(source, `unexpected line '${line}'`);
  const { name = '', line: terminal = '', pid, host } = match.groups;
  const time = toLocalMinute(match.slice(3, 12));
  checkClock(time, source);
  return {
    name,
    terminal: terminal === '' ? null : terminal,
    host: host === undefined || host === '' ? null : host,
    started: resolveYear(time, nowSeconds, source),
    // pid 0 is no login process: utmp writers that do not know it leave 0.
    pid: pid === undefined || Number(pid) === 0 ? null : Number(pid),
  };
}

/**
 * Parses `who -u` output into sessions; blank output (nobody logged in, or no
 * utmp file) gives `[]`. `nowSeconds` (default: the current time) anchors the
 * year of `Mon DD HH:MM` times.
 */
export function parseWhoUsers(text: string, nowSeconds = Date.now() / 1000, source = WHO_SOURCE): RawUser[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseWhoLine(line, nowSeconds, source));
}
