/**
 * Parsers for the batched reads of the process backend: many /proc files
 * through one `grep`, many links through one `find`. Each tells apart, file
 * by file, content, emptiness and the OS error, from the tool's stdout and
 * stderr.
 *
 * File contents are untrusted (a process writes its own cmdline and
 * environment), so nothing in them can pass for another file's data:
 *
 * - `grep -a -H -e '' -- FILE…` prints every line of every file as
 *   `FILE:line`. A content line holds no newline, and each output line is
 *   attributed by its prefix up to the first `:`; the names we ask for are
 *   /proc paths without `:`, so a line can only belong to its own file.
 * - `grep -a -H -z` (NUL-separated records, for cmdline) is the same with
 *   NUL in the role of the newline.
 * - `find … -printf '%p\0%l\0%Y\0'`: three NUL-terminated fields a record;
 *   neither a path nor a link target can hold a NUL.
 *
 * What the line framing loses is whether a file's last byte is a newline:
 * grep ends every last line with one. Callers treat that where it matters
 * (cmdline; see `proc-pid-text.ts`).
 */
import { ParseError } from '../../../../api/errors';
import type { RawAttrError } from '../../../process-types';

/** A file's lines, or the OS error that stopped its read. */
export type FileLines = { ok: true; lines: string[] } | { ok: false; error: RawAttrError };

/** errno name and number of glibc's C-locale `strerror` messages (musl's agree for these). */
const STRERROR: ReadonlyMap<string, readonly [string, number]> = new Map([
  ['Operation not permitted', ['EPERM', 1]],
  ['No such file or directory', ['ENOENT', 2]],
  ['No such process', ['ESRCH', 3]],
  ['Interrupted system call', ['EINTR', 4]],
  ['Input/output error', ['EIO', 5]],
  ['No such device or address', ['ENXIO', 6]],
  ['Argument list too long', ['E2BIG', 7]],
  ['Bad file descriptor', ['EBADF', 9]],
  ['Resource temporarily unavailable', ['EAGAIN', 11]],
  ['Cannot allocate memory', ['ENOMEM', 12]],
  ['Permission denied', ['EACCES', 13]],
  ['Bad address', ['EFAULT', 14]],
  ['Device or resource busy', ['EBUSY', 16]],
  ['No such device', ['ENODEV', 19]],
  ['Not a directory', ['ENOTDIR', 20]],
  ['Is a directory', ['EISDIR', 21]],
  ['Invalid argument', ['EINVAL', 22]],
  ['Too many open files in system', ['ENFILE', 23]],
  ['Too many open files', ['EMFILE', 24]],
  ['File too large', ['EFBIG', 27]],
  ['Numerical result out of range', ['ERANGE', 34]],
  ['File name too long', ['ENAMETOOLONG', 36]],
  ['Function not implemented', ['ENOSYS', 38]],
  ['Too many levels of symbolic links', ['ELOOP', 40]],
  ['Value too large for defined data type', ['EOVERFLOW', 75]],
  ['Operation not supported', ['EOPNOTSUPP', 95]],
]);

/** The errno of a `strerror` message; an unknown message is `EUNKNOWN` (errno 0), never a guess. */
export function errnoOfMessage(message: string): { code: string; errno: number } {
  const known = STRERROR.get(message.trim());
  return known ? { code: known[0], errno: known[1] } : { code: 'EUNKNOWN', errno: 0 };
}

/** The error a failed open or read of `path` gives: ESRCH comes from read(2), the rest from open(2). */
export function fileError(message: string, path: string): RawAttrError {
  const { code, errno } = errnoOfMessage(message);
  return { code, errno, syscall: code === 'ESRCH' ? 'read' : 'open', path };
}

/** A per-attribute error for content we could not parse. */
export function parseFailure(path: string): RawAttrError {
  return { code: 'EPARSE', errno: 22, syscall: 'parse', path };
}

/**
 * grep's per-file messages, `grep: FILE: MESSAGE`, for the files asked for.
 * Warnings (`grep: warning: …`, e.g. for a deprecated GREP_COLOR in the
 * environment) are ignored; any other line is an error.
 */
function grepMessages(stderr: string, files: ReadonlySet<string>, source: string): Map<string, string> {
  const messages = new Map<string, string>();
  for (const line of stderr.split('\n')) {
    if (line === '' || line.startsWith('grep: warning: ')) continue;
    const rest = line.startsWith('grep: ') ? line.slice('grep: '.length) : null;
    const colon = rest === null ? -1 : rest.indexOf(': ');
    const file = rest === null || colon < 0 ? null : rest.slice(0, colon);
    if (rest === null || file === null || !files.has(file)) {
      throw new ParseError(source, `unexpected message on stderr: '${line}'`);
    }
    if (!messages.has(file)) messages.set(file, rest.slice(colon + 2));
  }
  return messages;
}

/**
 * Splits `name:content` at the first `:`; `name` must be one of `files`.
 * The names asked for hold no `:`, so the first one is the separator.
 */
function splitRecord(record: string, files: ReadonlySet<string>, source: string): [string, string] {
  const colon = record.indexOf(':');
  const file = colon < 0 ? null : record.slice(0, colon);
  if (file === null || !files.has(file)) {
    throw new ParseError(source, `output line of no requested file: '${record.slice(0, 80)}'`);
  }
  return [file, record.slice(colon + 1)];
}

function assertNoColon(files: readonly string[], source: string): ReadonlySet<string> {
  for (const file of files) {
    if (file.includes(':') || file.includes('\n') || file.includes('\0')) {
      throw new ParseError(source, `cannot attribute lines of a file named '${file}'`);
    }
  }
  return new Set(files);
}

function collect(
  records: readonly string[],
  stderr: string,
  files: readonly string[],
  source: string,
): Map<string, FileLines> {
  const wanted = assertNoColon(files, source);
  const lines = new Map<string, string[]>();
  for (const record of records) {
    const [file, content] = splitRecord(record, wanted, source);
    const list = lines.get(file);
    if (list) list.push(content);
    else lines.set(file, [content]);
  }
  const messages = grepMessages(stderr, wanted, source);
  const result = new Map<string, FileLines>();
  for (const file of files) {
    const message = messages.get(file);
    // A read that failed half-way is a failed read: its lines are dropped.
    if (message !== undefined) result.set(file, { ok: false, error: fileError(message, file) });
    else result.set(file, { ok: true, lines: lines.get(file) ?? [] });
  }
  return result;
}

/**
 * Parses `grep -a -H -e '' -- FILE…`: each file's lines (without their
 * newline), `[]` for an empty file, or the error grep reported for it.
 */
export function parseGrepLines(
  stdout: string,
  stderr: string,
  files: readonly string[],
  source = 'grep -a -H',
): Map<string, FileLines> {
  if (stdout !== '' && !stdout.endsWith('\n')) throw new ParseError(source, 'the output ends in mid-line');
  const records = stdout === '' ? [] : stdout.slice(0, -1).split('\n');
  return collect(records, stderr, files, source);
}

/** Parses `grep -a -H -z -e '' -- FILE…`: each file's NUL-separated records, as {@link parseGrepLines}. */
export function parseGrepRecords(
  stdout: string,
  stderr: string,
  files: readonly string[],
  source = 'grep -a -H -z',
): Map<string, FileLines> {
  if (stdout !== '' && !stdout.endsWith('\0')) throw new ParseError(source, 'the output ends in mid-record');
  const records = stdout === '' ? [] : stdout.slice(0, -1).split('\0');
  return collect(records, stderr, files, source);
}

/** One entry `find` could lstat: its link target (`''` when not a link or unreadable) and `%Y` type letter. */
export interface FoundEntry {
  link: string;
  /** `%Y`: the type of the file, following links (`f`, `d`, `l`, `N` nonexistent, `L` loop, `?` error). */
  type: string;
}

/** `find` output: the entries it printed, by path, and its messages, by path. */
export interface FindResult {
  entries: Map<string, FoundEntry>;
  /** First message for each path find complained about (lstat, readlink, opendir or stat failures). */
  messages: Map<string, string>;
  /** Printed paths in output order (directory order, as readdir gives it). */
  order: string[];
}

/** Printf format of {@link parseFindEntries}. */
export const FIND_ENTRY_FORMAT = '%p\\0%l\\0%Y\\0';

/**
 * Quotes `path` as GNU find does in its messages in the C locale (gnulib's
 * `quote()`): between `'`, with C escapes for `\`, `'`, control characters
 * and every byte outside printable ASCII (as 3-digit octal).
 */
export function findQuote(path: string): string {
  const named: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r' };
  let out = "'";
  for (const byte of Buffer.from(path, 'utf8')) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x27) out += "\\'";
    else if (named[byte] !== undefined) out += `\\${named[byte]}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}'`;
}

/**
 * Parses `find START… -printf '%p\0%l\0%Y\0'` and its stderr
 * (`find: 'PATH': MESSAGE`, PATH quoted by {@link findQuote}).
 * `accept(path)` says whether a printed path is one the caller can expect.
 */
export function parseFindEntries(
  stdout: string,
  stderr: string,
  accept: (path: string) => boolean,
  source = 'find -printf',
): FindResult {
  if (stdout !== '' && !stdout.endsWith('\0')) throw new ParseError(source, 'the output ends in mid-record');
  const fields = stdout === '' ? [] : stdout.slice(0, -1).split('\0');
  if (fields.length % 3 !== 0) throw new ParseError(source, `${fields.length} fields, not records of 3`);
  const entries = new Map<string, FoundEntry>();
  const order: string[] = [];
  for (let at = 0; at < fields.length; at += 3) {
    const path = fields[at] as string;
    const type = fields[at + 2] as string;
    if (!accept(path)) throw new ParseError(source, `unexpected path '${path}'`);
    if (!/^[fdlpscbDNL?U]$/.test(type)) throw new ParseError(source, `unknown file type '${type}' of '${path}'`);
    entries.set(path, { link: fields[at + 1] as string, type });
    order.push(path);
  }
  const messages = new Map<string, string>();
  for (const line of stderr.split('\n')) {
    if (line === '' || line.startsWith('find: warning: ')) continue;
    const match = /^find: (.+): ([^:]+)$/.exec(line);
    if (match === null) throw new ParseError(source, `unexpected message on stderr: '${line}'`);
    const quoted = match[1] as string;
    if (!messages.has(quoted)) messages.set(quoted, match[2] as string);
  }
  return { entries, messages, order };
}

/** The message find gave for `path`, if any. */
export function findMessage(result: FindResult, path: string): string | undefined {
  return result.messages.get(findQuote(path));
}
