/**
 * diskPartitions, diskUsage and diskIoCounters through the public API, on
 * both backends: against df, findmnt and /proc, against fixture procfs/sysfs
 * roots, native vs exec, and bad input.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotSupported } from '../../src/api/errors';
import type { NativeBinding } from '../../src/backends/native/binding';
import { createPlatformBackend } from '../../src/backends/native/linux';
import { NATIVE_ROUTES } from '../../src/workers/routing';
import { BACKENDS, ps } from '../helpers/psnode';
import { runNode, tool } from '../helpers/run';
import { LINUX_FIXTURES } from '../parsers/fixtures';

const MiB = 1024 * 1024;
const RPI_PROC = path.join(LINUX_FIXTURES, 'disk', 'proc-raspberrypi4');
const RPI_SYS = path.join(LINUX_FIXTURES, 'sys-raspberrypi4');

/** What a promise rejected with. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as Error & Record<string, unknown>,
  );

/** `df -B1 -P -- path`: size, used, available. */
function df(target: string): { total: number; used: number; free: number } {
  const line = tool('df', ['-B1', '-P', '--', target]).trim().split('\n')[1] ?? '';
  const m = /\s(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s/.exec(line);
  return { total: Number(m?.[1]), used: Number(m?.[2]), free: Number(m?.[3]) };
}

/** A tmpfs mounted on a path with a space, when this process may mount (root); else `null`. */
function mountWithSpace(): { dir: string; done: () => void } | null {
  const base = mkdtempSync(path.join(os.tmpdir(), 'psnode-disk-'));
  const dir = path.join(base, 'with space');
  mkdirSync(dir);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'psnode test', dir]).status === 0;
  const done = () => {
    if (mounted) spawnSync('umount', [dir]);
    rmSync(base, { recursive: true, force: true });
  };
  if (!mounted) {
    done();
    return null;
  }
  return { dir, done };
}

const restoreRoots = () => ps.configure({ procfsPath: '/proc', sysfsPath: '/sys' });

afterEach(restoreRoots);
afterAll(() => ps.close());

describe.each(BACKENDS)('%s backend', (backend) => {
  beforeAll(() => ps.configure({ backend }));

  it('diskUsage("/") agrees with df: total exactly, used and free within 10 MiB, percent as psutil', async () => {
    const usage = await ps.diskUsage('/');
    const expected = df('/');
    expect(usage.total).toBe(expected.total);
    expect(Math.abs(usage.used - expected.used)).toBeLessThan(10 * MiB);
    expect(Math.abs(usage.free - expected.free)).toBeLessThan(10 * MiB);
    expect(usage.percent).toBe(Math.round((usage.used / (usage.used + usage.free)) * 1000) / 10);
    expect(Object.keys(usage)).toEqual(['total', 'used', 'free', 'percent']);
  });

  it('diskUsage of a file, a relative path and a zero-size file system', async () => {
    expect((await ps.diskUsage('/etc/hostname')).total).toBe(df('/').total);
    expect((await ps.diskUsage('.')).total).toBe(df('.').total);
    expect(await ps.diskUsage('/proc')).toEqual({ total: 0, used: 0, free: 0, percent: 0 });
  });

  it('diskUsage and diskPartitions of a mount point with a space (needs root to mount)', async (context) => {
    const mount = mountWithSpace();
    if (!mount) return context.skip();
    try {
      expect(await ps.diskUsage(mount.dir)).toEqual({ total: 2 * MiB, used: 0, free: 2 * MiB, percent: 0 });
      const all = await ps.diskPartitions({ all: true });
      expect(all).toContainEqual({
        device: 'psnode test',
        mountpoint: mount.dir,
        fstype: 'tmpfs',
        opts: expect.stringContaining('size=2048k'),
      });
      // tmpfs is nodev: not a physical partition.
      expect((await ps.diskPartitions()).map((p) => p.mountpoint)).not.toContain(mount.dir);
    } finally {
      mount.done();
    }
  });

  it('diskUsage of a missing path rejects with OsError ENOENT (statvfs), of a file below a file with ENOTDIR', async () => {
    const missing = await rejection(ps.diskUsage('/no/such/path'));
    expect(missing).toBeInstanceOf(ps.OsError);
    expect(missing).toMatchObject({
      code: 'PSNODE_OS_ERROR',
      errnoName: 'ENOENT',
      errno: 2,
      syscall: 'statvfs',
      path: '/no/such/path',
    });
    expect(missing?.message).toBe("statvfs '/no/such/path' failed: ENOENT");
    expect(await rejection(ps.diskUsage('/etc/hostname/x'))).toMatchObject({ errnoName: 'ENOTDIR' });
  });

  it('diskPartitions({ all: true }) is the mount table, in order, as findmnt sees it', async () => {
    const all = await ps.diskPartitions({ all: true });
    // findmnt --raw escapes blanks as \x20 and friends.
    const fromFindmnt = (s: string) =>
      s.replace(/\\x([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const targets = tool('findmnt', ['--raw', '--noheadings', '--kernel', '-o', 'TARGET'])
      .trim()
      .split('\n')
      .map(fromFindmnt);
    expect(new Set(all.map((p) => p.mountpoint))).toEqual(new Set(targets));
    const mounts = readFileSync('/proc/self/mounts', 'utf8').trim().split('\n');
    expect(all.length).toBe(mounts.length);
    expect(all.map((p) => p.fstype)).toEqual(mounts.map((l) => l.split(' ')[2]));
  });

  it('diskPartitions() keeps mounts of a device whose type needs one, as psutil', async () => {
    const nodev = new Set(
      readFileSync('/proc/filesystems', 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('nodev'))
        .map((l) => l.split('\t')[1]),
    );
    const physical = await ps.diskPartitions();
    expect(physical.length).toBeGreaterThan(0);
    for (const p of physical) {
      expect(p.device).not.toBe('');
      expect(nodev.has(p.fstype) && p.fstype !== 'zfs').toBe(false);
    }
    expect(physical.map((p) => p.mountpoint)).toContain('/');
  });

  it('diskIoCounters: one entry per /proc/diskstats line; the total is the whole disks of /sys/block', async () => {
    const perdisk = await ps.diskIoCounters({ perdisk: true, nowrap: false });
    const lines = readFileSync('/proc/diskstats', 'utf8').trim().split('\n');
    expect(Object.keys(perdisk)).toEqual(lines.map((l) => l.trim().split(/\s+/)[2]));
    const blocks = new Set(readdirSync('/sys/block'));
    const total = await ps.diskIoCounters({ nowrap: false });
    expect(total).not.toBeNull();
    const wholeDisks = Object.entries(perdisk).filter(([name]) => blocks.has(name.replaceAll('/', '!')));
    const readBefore = wholeDisks.reduce((sum, [, d]) => sum + d.readCount, 0);
    expect(total?.readCount).toBeGreaterThanOrEqual(readBefore);
    for (const value of Object.values(total ?? {})) expect(Number.isSafeInteger(value)).toBe(true);
  });

  it('reads a fixture procfs and sysfs (a Raspberry Pi: /dev/root, zfs, a USB stick with a space)', async () => {
    ps.configure({ procfsPath: RPI_PROC, sysfsPath: RPI_SYS });
    expect(await ps.diskPartitions()).toEqual([
      { device: '/dev/mmcblk0p2', mountpoint: '/', fstype: 'ext4', opts: 'rw,noatime' },
      {
        device: '/dev/mmcblk0p1',
        mountpoint: '/boot/firmware',
        fstype: 'vfat',
        opts: 'rw,relatime,fmask=0022,dmask=0022,codepage=437,iocharset=ascii,shortname=mixed,errors=remount-ro',
      },
      { device: 'rpool/data', mountpoint: '/srv/data', fstype: 'zfs', opts: 'rw,xattr,noacl' },
      {
        device: '/dev/sda1',
        mountpoint: '/media/pi/USB STICK',
        fstype: 'vfat',
        opts: 'rw,nosuid,nodev,relatime,uid=1000,gid=1000',
      },
    ]);
    const all = await ps.diskPartitions({ all: true });
    expect(all).toHaveLength(9);
    expect(all.find((p) => p.mountpoint === '/mnt/none')?.device).toBe('');
    // psutil 5.9.4 with PROCFS_PATH and /sys bind-mounted to the same trees gives these sums.
    expect(await ps.diskIoCounters()).toEqual({
      readCount: 29024,
      writeCount: 18713,
      readBytes: 871005184,
      writeBytes: 552898560,
      readTime: 147710,
      writeTime: 329104,
      readMergedCount: 6452,
      writeMergedCount: 27351,
      busyTime: 116184,
    });
    const perdisk = await ps.diskIoCounters({ perdisk: true });
    expect(Object.keys(perdisk)).toEqual(['ram0', 'ram1', 'loop0', 'mmcblk0', 'mmcblk0p1', 'mmcblk0p2', 'sda', 'sda1']);
    expect(perdisk.mmcblk0p1).toEqual({
      readCount: 427,
      writeCount: 2,
      readBytes: 27124 * 512,
      writeBytes: 2 * 512,
      readTime: 1279,
      writeTime: 3,
      readMergedCount: 1497,
      writeMergedCount: 0,
      busyTime: 664,
    });
    // Every /proc read follows the root (test/roots): this fixture has no meminfo.
    // (native: OsError ENOENT; exec: cat's CommandFailed)
    expect((await rejection(ps.virtualMemory()))?.message).toContain(`${RPI_PROC}/meminfo`);
  });

  it('a missing diskstats is an OsError ENOENT; a missing /sys/block means no whole disk (null)', async () => {
    ps.configure({ procfsPath: path.join(LINUX_FIXTURES, 'disk'), sysfsPath: RPI_SYS });
    expect(await rejection(ps.diskIoCounters())).toMatchObject({ name: 'OsError', errnoName: 'ENOENT' });
    ps.configure({ procfsPath: RPI_PROC, sysfsPath: path.join(LINUX_FIXTURES, 'disk') });
    expect(await ps.diskIoCounters()).toBeNull();
    expect(Object.keys(await ps.diskIoCounters({ perdisk: true }))).toHaveLength(8);
  });

  it('nowrap: a counter that goes back (wrap, driver reload) keeps growing; without it, it drops', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'psnode-wrap-'));
    try {
      mkdirSync(path.join(dir, 'proc'));
      mkdirSync(path.join(dir, 'sys', 'block', 'sda'), { recursive: true });
      const write = (reads: number) =>
        writeFileSync(
          path.join(dir, 'proc', 'diskstats'),
          `   8       0 sda ${reads} 0 8 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`,
        );
      ps.configure({ procfsPath: path.join(dir, 'proc'), sysfsPath: path.join(dir, 'sys') });
      ps.resetCounterCache('diskIoCounters');
      write(4_294_967_000);
      expect((await ps.diskIoCounters())?.readCount).toBe(4_294_967_000);
      write(100);
      expect((await ps.diskIoCounters())?.readCount).toBe(4_294_967_100);
      expect((await ps.diskIoCounters({ nowrap: false }))?.readCount).toBe(100);
      ps.resetCounterCache('diskIoCounters');
      expect((await ps.diskIoCounters())?.readCount).toBe(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('native vs exec', () => {
  async function both<T>(fn: () => Promise<T>): Promise<{ native: T; exec: T }> {
    ps.configure({ backend: 'native' });
    const native = await fn();
    ps.configure({ backend: 'exec' });
    const exec = await fn();
    return { native, exec };
  }

  it('partitions are identical; usage totals identical; the same disks', async () => {
    const parts = await both(() => ps.diskPartitions({ all: true }));
    expect(parts.exec).toEqual(parts.native);
    const usage = await both(() => ps.diskUsage('/'));
    expect(usage.exec.total).toBe(usage.native.total);
    const io = await both(() => ps.diskIoCounters({ perdisk: true }));
    expect(Object.keys(io.exec)).toEqual(Object.keys(io.native));
  });

  it('on the fixture roots every answer is identical', async () => {
    ps.configure({ procfsPath: RPI_PROC, sysfsPath: RPI_SYS });
    const calls: Array<() => Promise<unknown>> = [
      () => ps.diskPartitions(),
      () => ps.diskPartitions({ all: true }),
      () => ps.diskIoCounters({ nowrap: false }),
      () => ps.diskIoCounters({ perdisk: true, nowrap: false }),
    ];
    for (const call of calls) {
      const { native, exec } = await both(call);
      expect(exec).toEqual(native);
    }
  });
});

describe('arguments and settings', () => {
  it('bad arguments are TypeError / RangeError before anything runs', async () => {
    const diskUsage = ps.diskUsage as (...args: unknown[]) => Promise<unknown>;
    await expect(diskUsage(42)).rejects.toThrow(TypeError);
    await expect(diskUsage()).rejects.toThrow(TypeError);
    await expect(diskUsage(null)).rejects.toThrow(TypeError);
    await expect(diskUsage('')).rejects.toThrow(RangeError);
    await expect(diskUsage('/tmp\0/x')).rejects.toThrow(RangeError);
    await expect(diskUsage('/', { timeout: -1 })).rejects.toThrow(RangeError);
    await expect(diskUsage('/', { bogus: 1 })).rejects.toThrow(TypeError);
    const diskPartitions = ps.diskPartitions as (o?: unknown) => Promise<unknown>;
    await expect(diskPartitions({ all: 'yes' })).rejects.toThrow(TypeError);
    await expect(diskPartitions('all')).rejects.toThrow(TypeError);
    const diskIoCounters = ps.diskIoCounters as (o?: unknown) => Promise<unknown>;
    await expect(diskIoCounters({ perdisk: 1 })).rejects.toThrow(TypeError);
    await expect(diskIoCounters({ nowrap: 'no' })).rejects.toThrow(TypeError);
  });

  it('configure() takes absolute roots only', () => {
    const configure = ps.configure as (o: unknown) => void;
    expect(() => configure({ procfsPath: 'proc' })).toThrow(RangeError);
    expect(() => configure({ procfsPath: '' })).toThrow(RangeError);
    expect(() => configure({ sysfsPath: '/sys\0' })).toThrow(RangeError);
    expect(() => configure({ sysfsPath: 5 })).toThrow(TypeError);
    expect(() => configure({ procfsPath: '/proc/' })).not.toThrow();
  });

  it('PSNODE_PROCFS_PATH / PSNODE_SYSFS_PATH set the roots; a relative one is a RangeError', () => {
    for (const backend of BACKENDS) {
      const run = runNode(
        'ps.diskPartitions().then((p) => console.log(p[0].device), (e) => console.log(e.name)).finally(() => ps.close());',
        { PSNODE_BACKEND: backend, PSNODE_PROCFS_PATH: RPI_PROC, PSNODE_SYSFS_PATH: RPI_SYS },
      );
      expect(run.stdout.trim()).toBe('/dev/mmcblk0p2');
    }
    const bad = runNode('ps.diskPartitions().then(() => console.log("ok"), (e) => console.log(e.name));', {
      PSNODE_PROCFS_PATH: 'relative/proc',
    });
    expect(bad.stdout.trim()).toBe('RangeError');
  });

  it('an addon built before these calls is NotSupported, with the remedy', () => {
    const stale = createPlatformBackend({} as NativeBinding);
    expect(() => stale.diskUsage('/')).toThrow(NotSupported);
    expect(() => stale.sensorsBattery()).toThrow(/rebuild it/);
  });

  it('diskUsage and diskPartitions always go to the pool; diskIoCounters reads inline', () => {
    expect(NATIVE_ROUTES.diskUsage).toBe('pool');
    expect(NATIVE_ROUTES.diskPartitions).toBe('pool');
    expect(NATIVE_ROUTES.diskIoCounters).toBe('inline');
  });
});

// A sanity check that the oracle tools exist as the tests above assume.
it('df and findmnt are GNU coreutils / util-linux', () => {
  expect(execFileSync('df', ['--version'], { encoding: 'utf8' })).toMatch(/coreutils/);
  expect(execFileSync('findmnt', ['--version'], { encoding: 'utf8' })).toMatch(/util-linux/);
});
