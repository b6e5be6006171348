/**
 * psutil's rules over the raw disk and sensors values, applied once here so
 * both backends agree (the rest of the arithmetic is in `derive.ts`).
 */
import {
  DISK_IO_FIELDS,
  type RawBattery,
  type RawDiskIo,
  type RawDiskPartitions,
  type RawDiskUsage,
  type RawSensorGroups,
  type RawTemperature,
} from '../backends/disk-sensors-types';
import { percentOf } from './derive';
import type { DiskIoCounters, DiskPartition, DiskUsage } from './disk-types';
import { type Battery, POWER_TIME_UNKNOWN, POWER_TIME_UNLIMITED, type Temperature } from './sensors-types';

/** psutil's `disk_usage`: percent of the space users may fill, `used / (used + free)`. */
export function deriveDiskUsage(raw: RawDiskUsage): DiskUsage {
  return { total: raw.total, used: raw.used, free: raw.free, percent: percentOf(raw.used, raw.used + raw.free) };
}

/**
 * psutil's `disk_partitions`: `none` becomes `''`; `/dev/root` and `rootfs`
 * become the real root device when it was found; without `all`, only mounts
 * with a device whose type is not `nodev` in /proc/filesystems (`zfs` is
 * `nodev` but kept) — psutil keeps nothing else by device path.
 */
export function derivePartitions(raw: RawDiskPartitions, all: boolean): DiskPartition[] {
  const physical = new Set(raw.filesystems.filter((fs) => !fs.nodev || fs.name === 'zfs').map((fs) => fs.name));
  const result: DiskPartition[] = [];
  for (const mount of raw.mounts) {
    let device = mount.device === 'none' ? '' : mount.device;
    if ((device === '/dev/root' || device === 'rootfs') && raw.rootDevice !== null) device = raw.rootDevice;
    if (!all && (device === '' || !physical.has(mount.fstype))) continue;
    result.push({ device, mountpoint: mount.mountpoint, fstype: mount.fstype, opts: mount.opts });
  }
  return result;
}

/** Counters by disk name: every line with `perdisk`, else only whole disks (psutil's `is_storage_device`). */
export function diskIoByName(raw: readonly RawDiskIo[], perdisk: boolean): Record<string, DiskIoCounters> {
  const entries: Array<[string, DiskIoCounters]> = [];
  for (const disk of raw) {
    if (!perdisk && !disk.storage) continue;
    entries.push([
      disk.name,
      {
        readCount: disk.readCount,
        writeCount: disk.writeCount,
        readBytes: disk.readBytes,
        writeBytes: disk.writeBytes,
        readTime: disk.readTime,
        writeTime: disk.writeTime,
        readMergedCount: disk.readMergedCount,
        writeMergedCount: disk.writeMergedCount,
        busyTime: disk.busyTime,
      },
    ]);
  }
  // fromEntries defines own properties: a disk called `__proto__` stays a key.
  return Object.fromEntries(entries);
}

/** The field-by-field sum of every disk; `null` when there is none (as psutil's `None`). */
export function sumDiskIo(disks: Readonly<Record<string, DiskIoCounters>>): DiskIoCounters | null {
  const all = Object.values(disks);
  if (all.length === 0) return null;
  const total = {} as DiskIoCounters;
  for (const field of DISK_IO_FIELDS) total[field] = all.reduce((sum, disk) => sum + disk[field], 0);
  return total;
}

/** Groups as an object; `fahrenheit` converts every temperature (`°C × 9/5 + 32`). */
export function deriveTemperatures(
  raw: RawSensorGroups<RawTemperature>,
  fahrenheit: boolean,
): Record<string, Temperature[]> {
  const convert = (celsius: number | null) => (celsius === null || !fahrenheit ? celsius : (celsius * 9) / 5 + 32);
  return Object.fromEntries(
    raw.map(([name, sensors]) => [
      name,
      sensors.map((t) => ({
        label: t.label,
        current: convert(t.current) ?? t.current,
        high: convert(t.high),
        critical: convert(t.critical),
      })),
    ]),
  );
}

/**
 * psutil's `sensors_battery` over the battery's files: percent from the
 * energy (or charge) pair, else `capacity`, else no answer (`null`); plugged
 * from `AC0`/`AC` `online`, else from the status; seconds left from energy
 * and power, else `time_to_empty_now`.
 */
export function deriveBattery(raw: RawBattery | null): Battery | null {
  if (raw === null) return null;
  let percent: number;
  if (raw.energyFull !== null && raw.energyNow !== null) {
    percent = raw.energyFull === 0 ? 0 : (100 * raw.energyNow) / raw.energyFull;
  } else if (raw.capacity !== null && raw.capacity !== -1) {
    percent = raw.capacity;
  } else {
    return null;
  }

  let powerPlugged: boolean | null = null;
  if (raw.acOnline !== null) {
    powerPlugged = raw.acOnline === 1;
  } else {
    const status = raw.status?.toLowerCase() ?? '';
    if (status === 'discharging') powerPlugged = false;
    else if (status === 'charging' || status === 'full') powerPlugged = true;
  }

  let secsleft: number;
  if (powerPlugged === true) {
    secsleft = POWER_TIME_UNLIMITED;
  } else if (raw.energyNow !== null && raw.powerNow !== null) {
    secsleft = raw.powerNow === 0 ? POWER_TIME_UNKNOWN : Math.trunc((raw.energyNow / Math.abs(raw.powerNow)) * 3600);
  } else if (raw.timeToEmptyNow !== null) {
    secsleft = Math.trunc(raw.timeToEmptyNow * 60);
    if (secsleft < 0) secsleft = POWER_TIME_UNKNOWN;
  } else {
    secsleft = POWER_TIME_UNKNOWN;
  }
  return { percent, secsleft, powerPlugged };
}
