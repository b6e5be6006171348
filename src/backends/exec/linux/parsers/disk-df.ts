/**
 * `df -B1 -P -- PATH` (GNU coreutils): a header, then one line
 * `filesystem size used available capacity% mountpoint`. Its sizes use
 * psutil's formulas: size = f_blocks × f_frsize, used = (f_blocks − f_bfree)
 * × f_frsize, available = f_bavail × f_frsize.
 *
 * The file system name and the mount point may hold spaces, so the line is
 * read by its shape (four numbers and a capacity between them) rather than
 * split on blanks. Only the numbers are used.
 */
import { OsError, ParseError } from '../../../../api/errors';
import type { RawDiskUsage } from '../../../disk-sensors-types';
import { nonBlankLines, parseUnsignedInteger } from '../../parse-helpers';

/** `df`'s arguments for `path`; `--` so that a path starting with `-` is not an option. */
export function dfArgs(path: string): string[] {
  return ['-B1', '-P', '--', path];
}

const DATA_LINE = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s+(.*)$/;

export function parseDf(text: string, source = 'df -B1 -P'): RawDiskUsage {
  const lines = nonBlankLines(text, source);
  const header = lines[0] ?? '';
  if (!/^Filesystem\s+1-blocks\s+Used\s+Available\s+Capacity\s+Mounted on$/.test(header)) {
    throw new ParseError(source, `unexpected header '${header}'`);
  }
  if (lines.length !== 2) throw new ParseError(source, `expected one line after the header, got ${lines.length - 1}`);
  const match = DATA_LINE.exec(lines[1] ?? '');
  if (!match) throw new ParseError(source, `unexpected line '${lines[1]}'`);
  return {
    total: parseUnsignedInteger(match[2], source, 'size'),
    used: parseUnsignedInteger(match[3], source, 'used'),
    free: parseUnsignedInteger(match[4], source, 'available'),
  };
}

/** GNU strerror() texts df prints (C locale) and the errno each stands for. */
const DF_ERRORS: ReadonlyArray<[text: string, name: string, errno: number]> = [
  ['No such file or directory', 'ENOENT', 2],
  ['Permission denied', 'EACCES', 13],
  ['Not a directory', 'ENOTDIR', 20],
  ['Too many levels of symbolic links', 'ELOOP', 40],
  ['File name too long', 'ENAMETOOLONG', 36],
  ['Input/output error', 'EIO', 5],
  ['Stale file handle', 'ESTALE', 116],
  ['Transport endpoint is not connected', 'ENOTCONN', 107],
];

/**
 * The OS error behind a failed `df PATH` (`df: PATH: No such file or
 * directory`), as the native backend's statvfs would report it; `null` when
 * the message is not one of those.
 */
export function dfFailure(stderr: string, path: string): OsError | null {
  for (const [text, name, errno] of DF_ERRORS) {
    if (stderr.includes(`: ${text}`)) return new OsError(name, errno, 'statvfs', path);
  }
  return null;
}
