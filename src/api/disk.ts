/**
 * Disk functions: psutil's `disk_partitions`, `disk_usage` and
 * `disk_io_counters` on Linux.
 *
 * `diskUsage` and `diskPartitions` always run in the worker pool: statvfs on
 * a dead network mount (and the mount table behind it) can block in the
 * kernel for ever, and only a call in the pool can be given up on with
 * `timeout` or `signal` while the caller's event loop goes on.
 */
import { call } from '../workers/dispatch';
import { deriveDiskUsage, derivePartitions, diskIoByName, sumDiskIo } from './derive-disk-sensors';
import type { DiskIoCounters, DiskPartition, DiskUsage } from './disk-types';
import type { CallOptions } from './types';
import { boolean, callOptionChecks, pathArgument, readOptions } from './validate';
import { unwrapCounters } from './wrap';

/**
 * Mounted file systems, in mount table order. By default only "physical"
 * ones, as psutil decides: a device is named and its type needs one (it is
 * not `nodev` in /proc/filesystems, `zfs` aside); `all: true` lists every
 * mount (proc, tmpfs, cgroup, …).
 */
export async function diskPartitions(options?: { all?: boolean } & CallOptions): Promise<DiskPartition[]> {
  const { all = false, ...rest } = readOptions('diskPartitions', options, { all: boolean, ...callOptionChecks });
  return derivePartitions(await call('diskPartitions', [], rest), all);
}

/**
 * Size, used and free space, in bytes, of the file system holding `path`
 * (statvfs, as psutil and `df`). Rejects with `OsError` (`errnoName`
 * `ENOENT`, `syscall` `statvfs`, `path`) when the path does not exist, with
 * `AccessDenied` when a directory on the way may not be searched.
 */
export async function diskUsage(path: string, options?: CallOptions): Promise<DiskUsage> {
  const checked = pathArgument(path, 'diskUsage: path');
  const rest = readOptions('diskUsage', options, callOptionChecks);
  return deriveDiskUsage(await call('diskUsage', [checked], rest));
}

type DiskIoOptions = { perdisk?: boolean; nowrap?: boolean } & CallOptions;

/**
 * Disk I/O counters since boot (/proc/diskstats): the sum over whole disks
 * (partitions left out, so nothing is counted twice), or with `perdisk` one
 * entry per line of /proc/diskstats, partitions included, keyed by the
 * kernel's name. `null` (or `{}`) when the system has no disk. With `nowrap`
 * (default) a counter that wrapped or was reset keeps growing from where it
 * was; `resetCounterCache('diskIoCounters')` forgets that history.
 */
export function diskIoCounters(options?: { perdisk?: false } & DiskIoOptions): Promise<DiskIoCounters | null>;
export function diskIoCounters(options: { perdisk: true } & DiskIoOptions): Promise<Record<string, DiskIoCounters>>;
export function diskIoCounters(
  options?: DiskIoOptions,
): Promise<DiskIoCounters | null | Record<string, DiskIoCounters>>;
export async function diskIoCounters(
  options?: DiskIoOptions,
): Promise<DiskIoCounters | null | Record<string, DiskIoCounters>> {
  const {
    perdisk = false,
    nowrap = true,
    ...rest
  } = readOptions('diskIoCounters', options, { perdisk: boolean, nowrap: boolean, ...callOptionChecks });
  let disks = diskIoByName(await call('diskIoCounters', [], rest), perdisk);
  if (nowrap) disks = unwrapCounters<Record<keyof DiskIoCounters, number>>('diskIoCounters', disks);
  return perdisk ? disks : sumDiskIo(disks);
}
