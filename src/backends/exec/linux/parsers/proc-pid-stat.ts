/**
 * Parser for /proc/<pid>/stat (and /proc/<pid>/task/<tid>/stat): the one
 * line `pid (comm) state ppid …`. The comm may hold spaces, parentheses and
 * even newlines, so it runs from the first `(` to the LAST `)`; the fields
 * after it are split on spaces. Values stay raw (ticks, pages); the caller
 * converts.
 */
import { ParseError } from '../../../../api/errors';
import type { ProcessStatus } from '../../../../api/process-types';

/** psutil's status of each state letter (fs/proc/array.c, TASK_* in sched.h). */
export const PROC_STATUSES: Readonly<Record<string, ProcessStatus>> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  T: 'stopped',
  t: 'tracing-stop',
  Z: 'zombie',
  X: 'dead',
  x: 'dead',
  K: 'wake-kill',
  W: 'waking',
  I: 'idle',
  P: 'parked',
};

/** Index (0-based, counted after the `)`) of each field we use; `man 5 proc` numbers minus 3. */
export const STAT_FIELD = {
  state: 0,
  ppid: 1,
  ttyNr: 4,
  minflt: 7,
  majflt: 9,
  utime: 11,
  stime: 12,
  cutime: 13,
  cstime: 14,
  nice: 16,
  numThreads: 17,
  starttime: 19,
  processor: 36,
  delayacctBlkioTicks: 39,
} as const;

/** A stat line split: the comm and the fields after it, still text. */
export interface ProcPidStat {
  comm: string;
  /** Fields after `) `: `fields[0]` is the state letter. */
  fields: string[];
}

const SIGNED_INTEGER = /^-?\d+$/;

/** Splits a stat line. Throws when there is no `(…)` or nothing after it. */
export function parseProcPidStat(text: string, source: string): ProcPidStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new ParseError(source, 'no (comm) in the stat line');
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  if (fields.length === 0 || fields[0] === '') throw new ParseError(source, 'no fields after (comm)');
  return { comm: text.slice(open + 1, close), fields };
}

/** Field `index` as an integer (possibly negative: nice, tty_nr); throws when missing or malformed. */
export function statInteger(stat: ProcPidStat, index: number, source: string): number {
  const token = stat.fields[index];
  if (token === undefined || !SIGNED_INTEGER.test(token)) {
    throw new ParseError(source, `stat field ${index + 3}: expected an integer, got ${token ?? 'nothing'}`);
  }
  const value = Number(token);
  if (!Number.isSafeInteger(value)) throw new ParseError(source, `stat field ${index + 3}: ${token} is too large`);
  return value;
}

/** The state letter mapped to psutil's status; throws for a letter psutil does not know. */
export function statStatus(stat: ProcPidStat, source: string): ProcessStatus {
  const letter = stat.fields[STAT_FIELD.state] ?? '';
  const status = Object.hasOwn(PROC_STATUSES, letter) ? PROC_STATUSES[letter] : undefined;
  if (status === undefined) throw new ParseError(source, `unknown process state '${letter}'`);
  return status;
}

/** Whether the state letter is `Z`. */
export function statIsZombie(stat: ProcPidStat): boolean {
  return stat.fields[STAT_FIELD.state] === 'Z';
}
