/** The disk parsers of the exec backend against captured and hand-made files, and against malformed input. */
import { describe, expect, it } from 'vitest';
import { OsError } from '../../src/api/errors';
import { dfArgs, dfFailure, parseDf } from '../../src/backends/exec/linux/parsers/disk-df';
import {
  isStorageDevice,
  parseDiskIoOutput,
  parseDiskstats,
} from '../../src/backends/exec/linux/parsers/disk-diskstats';
import {
  decodeMountField,
  parseFilesystems,
  parseMounts,
  parseMountsAndFilesystems,
  parseRootDevice,
  partitionDevice,
  rootMajorMinor,
} from '../../src/backends/exec/linux/parsers/disk-mounts';
import { expectParseError } from '../parsers/expect-parse-error';
import { linuxFixture } from '../parsers/fixtures';

const disk = (name: string) => linuxFixture(`disk/${name}`);

describe('/proc/diskstats', () => {
  it('reads the real 20-field capture: sectors × 512, times in ms', () => {
    const lines = parseDiskstats(disk('diskstats-vm-debian12-2cpu.txt'));
    expect(lines.map((l) => l.name)).toEqual([
      'loop0',
      'loop1',
      'loop2',
      'loop3',
      'loop4',
      'loop5',
      'loop6',
      'loop7',
      'vda',
      'zram0',
    ]);
    // 254 0 vda 121771 28640 4440130 55915 22388 62169 6044760 29469 0 21688 92262 …
    const raw = disk('diskstats-vm-debian12-2cpu.txt')
      .split('\n')
      .find((l) => l.includes(' vda '))
      ?.trim()
      .split(/\s+/)
      .map(Number);
    const vda = lines.find((l) => l.name === 'vda');
    expect(vda).toEqual({
      name: 'vda',
      readCount: raw?.[3],
      readMergedCount: raw?.[4],
      readBytes: (raw?.[5] ?? 0) * 512,
      readTime: raw?.[6],
      writeCount: raw?.[7],
      writeMergedCount: raw?.[8],
      writeBytes: (raw?.[9] ?? 0) * 512,
      writeTime: raw?.[10],
      busyTime: raw?.[12],
    });
  });

  it('reads 14-field disks and 7-field partitions (2.6.18)', () => {
    const lines = parseDiskstats(disk('diskstats-centos5-2.6.18-7-fields.txt'));
    expect(lines.find((l) => l.name === 'sda')).toEqual({
      name: 'sda',
      readCount: 73476,
      readMergedCount: 3455,
      readBytes: 2640446 * 512,
      readTime: 425563,
      writeCount: 47583,
      writeMergedCount: 116380,
      writeBytes: 1309192 * 512,
      writeTime: 1566052,
      busyTime: 397398,
    });
    expect(lines.find((l) => l.name === 'sda2')).toEqual({
      name: 'sda2',
      readCount: 75729,
      readBytes: 2637914 * 512,
      writeCount: 164043,
      writeBytes: 1312328 * 512,
      readTime: 0,
      writeTime: 0,
      readMergedCount: 0,
      writeMergedCount: 0,
      busyTime: 0,
    });
  });

  it('reads 15 fields as psutil does (reads before the name)', () => {
    expect(parseDiskstats(disk('diskstats-15-fields-psutil-2.4.txt'))).toEqual([
      {
        name: 'hda',
        readCount: 101,
        readMergedCount: 102,
        readBytes: 103 * 512,
        readTime: 104,
        writeCount: 105,
        writeMergedCount: 106,
        writeBytes: 107 * 512,
        writeTime: 108,
        busyTime: 110,
      },
    ]);
  });

  it('reads the first 11 counters of 18-field (4.18) and 20-field (5.5) lines', () => {
    const l18 = parseDiskstats(disk('diskstats-18-fields-4.18.txt'));
    expect(l18.map((l) => l.name)).toEqual(['nvme0n1', 'nvme0n1p1', 'nvme0n1p2']);
    expect(l18[0]).toMatchObject({ readCount: 339219, busyTime: 647668, writeBytes: 62617874 * 512 });
    const l20 = parseDiskstats(disk('diskstats-20-fields-5.5-nvme.txt'));
    expect(l20[0]).toMatchObject({ name: 'nvme0n1', readCount: 1524178, writeTime: 5213648, busyTime: 1690396 });
  });

  it('keeps names with a slash; /sys/block writes them with !', () => {
    const lines = parseDiskstats(disk('diskstats-14-fields-3.10.txt'));
    expect(lines.map((l) => l.name)).toEqual(['sda', 'sda1', 'cciss/c0d0', 'cciss/c0d0p1']);
    const blocks = new Set(['sda', 'cciss!c0d0']);
    expect(lines.map((l) => isStorageDevice(l.name, blocks))).toEqual([true, false, true, false]);
  });

  it('reads the exec command output: block names and diskstats, in any order', () => {
    const text = `block\tvda\n${disk('diskstats-vm-debian12-2cpu.txt')}block\tloop0\n`;
    const disks = parseDiskIoOutput(text, 'find');
    expect(disks.filter((d) => d.storage).map((d) => d.name)).toEqual(['loop0', 'vda']);
    expect(disks).toHaveLength(10);
  });

  it('an empty file is no disks', () => {
    expect(parseDiskstats('')).toEqual([]);
    expect(parseDiskIoOutput('block\tsda\n', 'find')).toEqual([]);
  });

  it('rejects other field counts and non-numbers with ParseError', () => {
    expect(expectParseError(() => parseDiskstats(disk('diskstats-bad-13-fields.txt'))).message).toMatch(/13 fields/);
    expectParseError(() => parseDiskstats(disk('diskstats-bad-number.txt')));
    expectParseError(() => parseDiskstats('   8 0 sda 1 2 3 -4 5 6 7 8 9 10 11\n'));
    expectParseError(() => parseDiskstats('   8 0 sda1 1 2 3\n'));
    expectParseError(() => parseDiskstats('garbage\n'));
  });
});

describe('/proc/self/mounts and /proc/filesystems', () => {
  it('decodes the octal escapes of a real table with a space, a tab and a backslash', () => {
    const mounts = parseMounts(disk('mounts-vm-debian12-spaces.txt'));
    expect(mounts.at(-2)).toEqual({
      device: 'psnode-test',
      mountpoint: '/tmp/psnode disk',
      fstype: 'tmpfs',
      opts: 'rw,relatime,size=1024k',
    });
    expect(mounts.at(-1)).toEqual({
      device: 'psnode src',
      mountpoint: '/tmp/psnode\ttab\\back',
      fstype: 'tmpfs',
      opts: 'rw,relatime,size=1024k',
    });
    expect(mounts[0]).toEqual({ device: 'proc', mountpoint: '/proc', fstype: 'proc', opts: 'rw,relatime' });
  });

  it('decodes escaped bytes as UTF-8 and leaves other backslashes alone', () => {
    expect(decodeMountField('/mnt/caf\\303\\251')).toBe('/mnt/café');
    expect(decodeMountField('/a\\012b')).toBe('/a\nb');
    expect(decodeMountField('/a\\9b\\')).toBe('/a\\9b\\');
    expect(decodeMountField('plain')).toBe('plain');
  });

  it('rejects short lines and an empty table', () => {
    expectParseError(() => parseMounts('proc /proc proc\n'));
    expectParseError(() => parseMounts('proc  proc rw 0 0\n'));
    expectParseError(() => parseMounts(''));
  });

  it('reads /proc/filesystems: nodev or not', () => {
    const types = parseFilesystems(disk('filesystems-vm-debian12-2cpu.txt'));
    expect(types).toContainEqual({ name: 'ext4', nodev: false });
    expect(types).toContainEqual({ name: 'tmpfs', nodev: true });
    expectParseError(() => parseFilesystems('ext4\n'));
    expectParseError(() => parseFilesystems('nodev\t\n'));
    expectParseError(() => parseFilesystems(''));
  });

  it('splits the concatenation of both files', () => {
    const both = parseMountsAndFilesystems(
      disk('mounts-vm-debian12-spaces.txt') + disk('filesystems-vm-debian12-2cpu.txt'),
      'cat',
    );
    expect(both.mounts).toEqual(parseMounts(disk('mounts-vm-debian12-spaces.txt')));
    expect(both.filesystems).toEqual(parseFilesystems(disk('filesystems-vm-debian12-2cpu.txt')));
  });

  it('finds the device behind /dev/root from mountinfo and partitions', () => {
    const mountinfo = disk('proc-raspberrypi4/self/mountinfo');
    const partitions = disk('proc-raspberrypi4/partitions');
    expect(rootMajorMinor(mountinfo)).toBe('179:2');
    expect(partitionDevice(partitions, '179:2')).toBe('/dev/mmcblk0p2');
    expect(partitionDevice(partitions, '254:0')).toBeNull();
    expect(parseRootDevice(mountinfo + partitions)).toBe('/dev/mmcblk0p2');
    expect(parseRootDevice(partitions)).toBeNull();
    expect(rootMajorMinor('garbage\n')).toBeNull();
  });
});

describe('df -B1 -P', () => {
  it('reads the real captures: sizes in bytes, names and mount points with blanks', () => {
    expect(parseDf(disk('df-root-vm-debian12-2cpu.txt'))).toEqual({
      total: 270553174016,
      used: 24577306624,
      free: 84366987264,
    });
    expect(parseDf(disk('df-space-in-mountpoint-vm-debian12.txt'))).toEqual({ total: 1048576, used: 0, free: 1048576 });
    expect(parseDf(disk('df-tab-backslash-vm-debian12.txt'))).toEqual({ total: 1048576, used: 0, free: 1048576 });
    expect(parseDf(disk('df-proc-vm-debian12-2cpu.txt'))).toEqual({ total: 0, used: 0, free: 0 });
  });

  it('passes the path after --', () => {
    expect(dfArgs('-weird')).toEqual(['-B1', '-P', '--', '-weird']);
  });

  it('rejects a missing header, extra lines and garbage with ParseError', () => {
    const real = disk('df-root-vm-debian12-2cpu.txt');
    const [header = '', line = ''] = real.split('\n');
    expectParseError(() => parseDf(''));
    expectParseError(() => parseDf(`${line}\n`));
    expectParseError(() => parseDf(`${header}\n`));
    expectParseError(() => parseDf(`${header}\n${line}\n${line}\n`));
    expectParseError(() => parseDf(`${header}\n/dev/vda 1 2 x 4% /\n`));
    expectParseError(() => parseDf(`Filesystem 1K-blocks Used Available Use% Mounted on\n${line}\n`));
  });

  it("maps df's error messages to the OS error statvfs would give", () => {
    const failure = dfFailure(disk('df-enoent-vm-debian12.stderr.txt'), '/no/such/path');
    expect(failure).toBeInstanceOf(OsError);
    expect(failure).toMatchObject({ errnoName: 'ENOENT', errno: 2, syscall: 'statvfs', path: '/no/such/path' });
    expect(dfFailure('df: /etc/passwd/x: Not a directory\n', '/etc/passwd/x')?.errnoName).toBe('ENOTDIR');
    expect(dfFailure('df: something else entirely\n', '/x')).toBeNull();
  });
});
