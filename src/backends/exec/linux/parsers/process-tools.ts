/**
 * Parsers for the tools the process backend runs besides grep and find:
 * `ionice -p`, `prlimit`, `getent passwd`, the terminal map (`stat` of
 * /dev/tty* and /dev/pts/*), and the failure messages of the setters
 * (`renice`, `ionice`, `taskset`, `prlimit`).
 */
import { ParseError } from '../../../../api/errors';
import type { ProcessIonice } from '../../../../api/process-types';
import { RLIM_INFINITY } from '../../../../api/process-types';
import { nonBlankLines, parseUnsignedInteger, splitFields } from '../../parse-helpers';
import { errnoOfMessage } from './batch-output';

const IONICE_CLASSES: Readonly<Record<string, number>> = { none: 0, realtime: 1, 'best-effort': 2, idle: 3 };

/**
 * One line of `ionice -p PID…` (util-linux prints one per pid, in order,
 * without the pid): `none: prio 0`, `best-effort: prio 4`, `realtime: prio 1`
 * or `idle`. ionice does not print the idle class's data, so its value is 0,
 * as the public type documents for classes without levels.
 */
export function parseIoniceLine(line: string, source: string): ProcessIonice {
  const match = /^([a-z-]+)(?:: prio (\d+))?$/.exec(line.trim());
  const name = match?.[1];
  const ioclass = name !== undefined && Object.hasOwn(IONICE_CLASSES, name) ? IONICE_CLASSES[name] : undefined;
  if (match === null || ioclass === undefined) throw new ParseError(source, `unexpected line '${line}'`);
  if (ioclass === 3) return { ioclass, value: 0 };
  if (match[2] === undefined) throw new ParseError(source, `no priority in '${line}'`);
  return { ioclass, value: parseUnsignedInteger(match[2], source, 'prio') };
}

/** Every line `ionice -p` printed before it stopped (it stops at the first pid it cannot read). */
export function parseIoniceLines(stdout: string, source: string): ProcessIonice[] {
  if (stdout.trim() === '') return [];
  return nonBlankLines(stdout, source).map((line) => parseIoniceLine(line, source));
}

/** `prlimit` resource names by RLIMIT_* number (Linux numbering). */
export const PRLIMIT_RESOURCES = [
  'cpu',
  'fsize',
  'data',
  'stack',
  'core',
  'rss',
  'nproc',
  'nofile',
  'memlock',
  'as',
  'locks',
  'sigpending',
  'msgqueue',
  'nice',
  'rtprio',
  'rttime',
] as const;

function limitValue(token: string | undefined, source: string, what: string): number {
  if (token === 'unlimited') return RLIM_INFINITY;
  return parseUnsignedInteger(token, source, what);
}

/** `prlimit --pid P --RES --output=SOFT,HARD --raw --noheadings`: `soft hard`, `unlimited` = -1. */
export function parsePrlimit(stdout: string, source: string): [number, number] {
  const lines = nonBlankLines(stdout, source);
  if (lines.length !== 1) throw new ParseError(source, `expected one line, got ${lines.length}`);
  const [soft, hard, extra] = splitFields(lines[0] as string);
  if (extra !== undefined) throw new ParseError(source, `expected two columns in '${lines[0]}'`);
  return [limitValue(soft, source, 'soft limit'), limitValue(hard, source, 'hard limit')];
}

/** A limit as prlimit takes it: -1 is `unlimited`. */
export function prlimitValue(limit: number): string {
  return limit === RLIM_INFINITY ? 'unlimited' : String(limit);
}

/**
 * `getent passwd UID…`: the user name of each uid found (`name:pw:uid:…`
 * lines; uids that have none are simply absent). A uid listed twice keeps
 * its first name, as getpwuid(3) does.
 */
export function parseGetentPasswd(stdout: string, source: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const fields = line.split(':');
    if (fields.length < 7) throw new ParseError(source, `expected 7 fields in '${line}'`);
    const uid = parseUnsignedInteger(fields[2], source, 'uid');
    if (!names.has(uid)) names.set(uid, fields[0] as string);
  }
  return names;
}

/**
 * The terminal map from `stat -L --printf '%t %T %n\0'` of /dev/tty* and
 * /dev/pts/* (major and minor in hex, then the name): device number, encoded
 * as the kernel encodes tty_nr in /proc/<pid>/stat, to path. A later name
 * for the same device replaces an earlier one, as in psutil's map.
 */
export function parseTerminalMap(stdout: string, source: string): Map<number, string> {
  const map = new Map<number, string>();
  if (stdout === '') return map;
  if (!stdout.endsWith('\0')) throw new ParseError(source, 'the output ends in mid-record');
  for (const record of stdout.slice(0, -1).split('\0')) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (\/dev\/.+)$/s.exec(record);
    if (match === null) throw new ParseError(source, `unexpected record '${record}'`);
    const major = Number.parseInt(match[1] as string, 16);
    const minor = Number.parseInt(match[2] as string, 16);
    // glibc's makedev for majors below 4096; larger ones cannot equal a tty_nr.
    if (major >= 0x1000) continue;
    map.set((minor & 0xff) + major * 0x100 + Math.floor(minor / 0x100) * 0x100000, match[3] as string);
  }
  return map;
}

/** The errno at the end of a tool's failure message (`tool: what failed: Message`). */
export function toolErrno(stderr: string): { code: string; errno: number } | null {
  for (const line of stderr.split('\n').reverse()) {
    const colon = line.lastIndexOf(': ');
    if (colon < 0) continue;
    const found = errnoOfMessage(line.slice(colon + 2));
    if (found.code !== 'EUNKNOWN') return found;
  }
  return null;
}
