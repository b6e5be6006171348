/**
 * /proc/diskstats, in every layout psutil reads
 * (Documentation/admin-guide/iostats.rst, Documentation/ABI/testing/procfs-diskstats):
 *
 * - 14 fields: Linux 2.6+, `major minor name` + 11 counters;
 * - 18 fields (4.18+, discard counters) and 20 (5.5+, flush counters): the
 *   same 11 first, the rest ignored;
 * - 15 fields: "Linux 2.4" in psutil's reading: `major minor reads name`
 *   then the other 10 counters in the 2.6 order;
 * - 7 fields: a partition on Linux 2.6 before 2.6.25: reads, read sectors,
 *   writes, write sectors only (times and merges are 0).
 *
 * Any other count is a `ParseError`, as psutil raises there.
 */
import { ParseError } from '../../../../api/errors';
import type { RawDiskIo } from '../../../disk-sensors-types';
import { parseUnsignedInteger, splitFields } from '../../parse-helpers';

/** Bytes per sector in /proc/diskstats, whatever the device's real sector size. */
export const DISK_SECTOR_SIZE = 512;

/** One line's counters; `storage` is decided by the caller from /sys/block. */
export type DiskstatsLine = Omit<RawDiskIo, 'storage'>;

function counters(
  name: string,
  reads: number,
  readsMerged: number,
  readSectors: number,
  readTime: number,
  writes: number,
  writesMerged: number,
  writeSectors: number,
  writeTime: number,
  busyTime: number,
): DiskstatsLine {
  return {
    name,
    readCount: reads,
    writeCount: writes,
    readBytes: readSectors * DISK_SECTOR_SIZE,
    writeBytes: writeSectors * DISK_SECTOR_SIZE,
    readTime,
    writeTime,
    readMergedCount: readsMerged,
    writeMergedCount: writesMerged,
    busyTime,
  };
}

/** Parses one line; `source` names the file in errors. */
export function parseDiskstatsLine(line: string, source: string): DiskstatsLine {
  const fields = splitFields(line);
  const n = (index: number, what: string) => parseUnsignedInteger(fields[index], source, `${what} of '${line.trim()}'`);
  const count = fields.length;
  if (count === 14 || count === 15 || count >= 18) {
    // 11 counters: reads, merged, sectors, ms, writes, merged, sectors, ms,
    // in flight, busy ms, weighted ms. 14 and 18+: `major minor name` first;
    // 15 is psutil's "Linux 2.4": `major minor reads name`, then the other 10
    // (no kernel we know prints 15 fields).
    const old = count === 15;
    const line11 = counters(
      fields[old ? 3 : 2] ?? '',
      n(old ? 2 : 3, 'reads'),
      n(4, 'reads merged'),
      n(5, 'sectors read'),
      n(6, 'read time'),
      n(7, 'writes'),
      n(8, 'writes merged'),
      n(9, 'sectors written'),
      n(10, 'write time'),
      n(12, 'busy time'),
    );
    // Checked as psutil does, not reported.
    n(11, 'in flight');
    n(13, 'weighted time');
    return line11;
  }
  if (count === 7) {
    // A partition before Linux 2.6.25: reads, sectors read, writes, sectors written.
    return counters(
      fields[2] ?? '',
      n(3, 'reads'),
      0,
      n(4, 'sectors read'),
      0,
      n(5, 'writes'),
      0,
      n(6, 'sectors written'),
      0,
      0,
    );
  }
  throw new ParseError(source, `a diskstats line has ${count} fields (expected 7, 14, 15 or 18+): '${line.trim()}'`);
}

/** Every non-blank line of /proc/diskstats, in file order. An empty file is no disks. */
export function parseDiskstats(text: string, source = '/proc/diskstats'): DiskstatsLine[] {
  const result: DiskstatsLine[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() !== '') result.push(parseDiskstatsLine(line, source));
  }
  return result;
}

/** psutil's `is_storage_device`: the name, `/` written `!` as sysfs does, is an entry of /sys/block. */
export function isStorageDevice(name: string, blockNames: ReadonlySet<string>): boolean {
  return blockNames.has(name.replaceAll('/', '!'));
}

/** Prefix of the /sys/block names in {@link DISK_IO_COMMAND}'s output (a diskstats line starts with blanks or digits). */
export const BLOCK_LINE_PREFIX = 'block\t';

/**
 * The output of the exec backend's one diskIo command: `block\t<name>` lines
 * (the entries of /sys/block) and the text of /proc/diskstats, in any order.
 */
export function parseDiskIoOutput(text: string, source: string): RawDiskIo[] {
  const blocks = new Set<string>();
  const stats: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(BLOCK_LINE_PREFIX)) blocks.add(line.slice(BLOCK_LINE_PREFIX.length));
    else stats.push(line);
  }
  return parseDiskstats(stats.join('\n'), source).map((disk) => ({
    ...disk,
    storage: isStorageDevice(disk.name, blocks),
  }));
}
