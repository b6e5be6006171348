/**
 * The mount table (/proc/self/mounts, fstab format), /proc/filesystems, and
 * the two files that name the device behind `/dev/root` (/proc/self/mountinfo
 * and /proc/partitions).
 *
 * The kernel writes a space, tab, newline or backslash inside a mount field
 * as a three-digit octal escape (`\040`); getmntent() decodes them, and so
 * does {@link decodeMountField} (any `\ooo`, so a kernel that escapes more,
 * such as `#`, is decoded too).
 */
import { ParseError } from '../../../../api/errors';
import type { RawFilesystemType, RawMount } from '../../../disk-sensors-types';

const OCTAL_ESCAPE = /\\([0-3][0-7]{2})/g;

/** `\040` → space, and every other three-digit octal escape to its byte. */
export function decodeMountField(field: string): string {
  if (!field.includes('\\')) return field;
  // Escapes stand for bytes; a run of them can be one UTF-8 character.
  const bytes: number[] = [];
  let last = 0;
  const encoder = new TextEncoder();
  for (const match of field.matchAll(OCTAL_ESCAPE)) {
    bytes.push(...encoder.encode(field.slice(last, match.index)));
    bytes.push(Number.parseInt(match[1] ?? '0', 8));
    last = match.index + match[0].length;
  }
  bytes.push(...encoder.encode(field.slice(last)));
  return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
}

/** One mount table line: `device mountpoint fstype opts freq passno`, separated by single spaces. */
export function parseMountLine(line: string, source: string): RawMount {
  const fields = line.split(' ');
  if (fields.length < 4 || fields.slice(0, 4).some((f) => f === '')) {
    throw new ParseError(source, `a mount line needs device, mount point, type and options: '${line}'`);
  }
  const [device = '', mountpoint = '', fstype = '', opts = ''] = fields;
  return {
    device: decodeMountField(device),
    mountpoint: decodeMountField(mountpoint),
    fstype: decodeMountField(fstype),
    opts: decodeMountField(opts),
  };
}

/** The lines of a mount table, in order. An empty table is a `ParseError`: `/` is always mounted. */
export function parseMounts(text: string, source = '/proc/self/mounts'): RawMount[] {
  const mounts = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => parseMountLine(line, source));
  if (mounts.length === 0) throw new ParseError(source, 'the mount table is empty');
  return mounts;
}

/** A /proc/filesystems line: `nodev\t<type>` or `\t<type>`. */
export function isFilesystemsLine(line: string): boolean {
  return line.startsWith('\t') || line.startsWith('nodev\t');
}

/** /proc/filesystems. An empty list is a `ParseError`: a running kernel knows at least one type. */
export function parseFilesystems(text: string, source = '/proc/filesystems'): RawFilesystemType[] {
  const result: RawFilesystemType[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (!isFilesystemsLine(line)) throw new ParseError(source, `unexpected line '${line}'`);
    const name = line.slice(line.indexOf('\t') + 1).trim();
    if (name === '') throw new ParseError(source, `no file system type in '${line}'`);
    result.push({ name, nodev: line.startsWith('nodev') });
  }
  if (result.length === 0) throw new ParseError(source, 'no file system types');
  return result;
}

/**
 * `cat <mounts> <filesystems>`: the two files one after the other. A mount
 * line never starts with a tab or `nodev<tab>` (the kernel escapes tabs), so
 * each line says which file it came from.
 */
export function parseMountsAndFilesystems(
  text: string,
  source: string,
): { mounts: RawMount[]; filesystems: RawFilesystemType[] } {
  const mountLines: string[] = [];
  const filesystemLines: string[] = [];
  for (const line of text.split('\n')) (isFilesystemsLine(line) ? filesystemLines : mountLines).push(line);
  return {
    mounts: parseMounts(mountLines.join('\n'), source),
    filesystems: parseFilesystems(filesystemLines.join('\n'), source),
  };
}

/** Whether psutil looks for the real device behind this mount source. */
export function isRootAlias(device: string): boolean {
  return device === '/dev/root' || device === 'rootfs';
}

/**
 * `major:minor` of the file system mounted on `/`, from /proc/self/mountinfo
 * (`id parent major:minor root mountpoint …`): the last such line, the one
 * visible. `null` when there is none or it is malformed.
 */
export function rootMajorMinor(mountinfo: string): string | null {
  let found: string | null = null;
  for (const line of mountinfo.split('\n')) {
    const fields = line.split(' ');
    if (fields.length >= 5 && fields[4] === '/' && /^\d+:\d+$/.test(fields[2] ?? '')) found = fields[2] ?? null;
  }
  return found;
}

/** `/dev/<name>` of `majorMinor` in /proc/partitions (`major minor #blocks name`), or `null`. */
export function partitionDevice(partitions: string, majorMinor: string): string | null {
  for (const line of partitions.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 4 && `${fields[0]}:${fields[1]}` === majorMinor && fields[3]) return `/dev/${fields[3]}`;
  }
  return null;
}

/**
 * `cat <mountinfo> <partitions>`: a mountinfo line starts with a digit (the
 * mount id), a partitions line with blanks or the `major minor` header.
 * psutil's first strategy of `RootFsDeviceFinder`.
 */
export function parseRootDevice(text: string): string | null {
  const mountinfo: string[] = [];
  const partitions: string[] = [];
  for (const line of text.split('\n')) (/^\d/.test(line) ? mountinfo : partitions).push(line);
  const majorMinor = rootMajorMinor(mountinfo.join('\n'));
  return majorMinor === null ? null : partitionDevice(partitions.join('\n'), majorMinor);
}
