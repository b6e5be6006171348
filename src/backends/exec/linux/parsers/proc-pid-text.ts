/**
 * Parsers for /proc/<pid>/cmdline, environ, io and fdinfo/<fd>, with
 * psutil's rules. cmdline and environ arrive through grep's line framing
 * (see `batch-output.ts`): the lines joined with `\n` give the content,
 * except a newline that was the very last byte.
 */
import { ParseError } from '../../../../api/errors';
import type { ProcessIoCounters } from '../../../../api/process-types';
import { parseUnsignedInteger, splitFields } from '../../parse-helpers';

/** A file's content from its grep lines; a final newline, if the file had one, is not there. */
export function joinLines(lines: readonly string[]): string {
  return lines.join('\n');
}

/**
 * Whether a cmdline read through grep's line framing may have lost a final
 * newline. The kernel gives the whole argument area, whose last byte is NUL,
 * or, after setproctitle, the title up to and including its first NUL, or a
 * NUL-free page when the title fills one: content holding a NUL ends with
 * it. So content ending in NUL is exact, and only NUL-free content (the
 * page-long title; older kernels' titles) can have ended with `\n`.
 */
export function cmdlineNeedsRecords(content: string): boolean {
  return content !== '' && !content.endsWith('\0');
}

/**
 * The exact cmdline from `grep -z` records (split on NUL; a newline is
 * plain content there). Several records mean the content held NUL, so
 * (kernel rule above) it ended with one; a single record is NUL-free content.
 */
export function cmdlineFromRecords(records: readonly string[]): string {
  if (records.length === 0) return '';
  return records.length > 1 ? `${records.join('\0')}\0` : (records[0] as string);
}

/**
 * psutil's cmdline: split on NUL when the content ends with NUL, else on
 * spaces (a title rewritten by setproctitle); one trailing separator is
 * dropped; a NUL-terminated single argument holding spaces is split on spaces
 * too (psutil #1179). Empty content is `[]`.
 */
export function parseCmdline(content: string): string[] {
  if (content === '') return [];
  const sep = content.endsWith('\0') ? '\0' : ' ';
  const data = content.endsWith(sep) ? content.slice(0, -1) : content;
  const args = data.split(sep);
  if (sep === '\0' && args.length === 1 && data.includes(' ')) return data.split(' ');
  return args;
}

/**
 * psutil's environ block: `KEY=VALUE` entries each ended by NUL, up to an
 * empty entry or the last NUL (an unterminated tail is ignored); entries
 * without `=` after a non-empty key are skipped; a later key wins.
 */
export function parseEnviron(content: string): Record<string, string> {
  const env: Record<string, string> = Object.create(null);
  let pos = 0;
  for (;;) {
    const next = content.indexOf('\0', pos);
    if (next <= pos) break;
    const equal = content.indexOf('=', pos);
    if (equal > pos && equal < next) env[content.slice(pos, equal)] = content.slice(equal + 1, next);
    pos = next + 1;
  }
  return { ...env };
}

const IO_KEYS = {
  readCount: 'syscr',
  writeCount: 'syscw',
  readBytes: 'read_bytes',
  writeBytes: 'write_bytes',
  readChars: 'rchar',
  writeChars: 'wchar',
} as const;

/** /proc/<pid>/io: `name: value` lines (others skipped, as psutil); all six counters are required. */
export function parseProcPidIo(lines: readonly string[], source: string): ProcessIoCounters {
  const fields = new Map<string, string>();
  for (const raw of lines) {
    const line = raw.trim();
    const parts = line.split(': ');
    if (line === '' || parts.length !== 2) continue;
    fields.set(parts[0] as string, parts[1] as string);
  }
  if (fields.size === 0) throw new ParseError(source, 'the file is empty');
  const counters = {} as ProcessIoCounters;
  for (const [field, key] of Object.entries(IO_KEYS) as [keyof ProcessIoCounters, string][]) {
    const value = fields.get(key);
    if (value === undefined) throw new ParseError(source, `no '${key}' field`);
    counters[field] = parseUnsignedInteger(value, source, key);
  }
  return counters;
}

/** `pos:` and `flags:` of /proc/<pid>/fdinfo/<fd>: its first two lines, flags in octal. */
export function parseFdinfo(lines: readonly string[], source: string): { position: number; flags: number } {
  const pos = splitFields(lines[0] ?? '');
  const flags = splitFields(lines[1] ?? '');
  if (pos[0] !== 'pos:' || flags[0] !== 'flags:') throw new ParseError(source, "expected 'pos:' then 'flags:'");
  const octal = flags[1];
  if (octal === undefined || !/^[0-7]+$/.test(octal)) throw new ParseError(source, `bad flags ${octal ?? 'nothing'}`);
  return { position: parseUnsignedInteger(pos[1], source, 'pos'), flags: Number.parseInt(octal, 8) };
}

const O_ACCMODE = 0o3;
const O_APPEND = 0o2000;

/** psutil's `open()` mode of file flags: `r`, `w`, `a`, `r+` or `a+`; null for the access mode 3. */
export function fileModeOfFlags(flags: number): string | null {
  const access = flags & O_ACCMODE;
  if (access === 3) return null;
  if (access === 0) return 'r';
  const append = (flags & O_APPEND) !== 0;
  if (access === 1) return append ? 'a' : 'w';
  return append ? 'a+' : 'r+';
}
