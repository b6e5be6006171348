/**
 * The disk and sensors part of the backend contract: what each backend reads,
 * raw. `src/api/disk.ts` and `src/api/sensors.ts` apply psutil's rules to it
 * (which partitions are physical, which disks count in the total, percents,
 * battery time left), so the two backends cannot disagree on them.
 *
 * Sources on Linux, under the procfs root P and the sysfs root S (`roots.ts`):
 * - partitions: `P/self/mounts`, `P/filesystems`; for `/dev/root`, `P/self/mountinfo` + `P/partitions`
 * - usage: statvfs(path) (exec: `df -B1 -P`)
 * - I/O: `P/diskstats`, the names in `S/block`
 * - sensors: `S/class/hwmon/hwmon*` (and their `device/`), `S/devices/platform/coretemp.*`,
 *   `S/class/thermal/thermal_zone*`, `S/class/power_supply/*`
 */
import type { DiskIoCounters } from '../api/disk-types';

/** One line of the mount table, octal escapes decoded; `device` as written (`none` included). */
export interface RawMount {
  device: string;
  mountpoint: string;
  fstype: string;
  opts: string;
}

/** One line of `P/filesystems`: a file system type and whether it needs no block device (`nodev`). */
export interface RawFilesystemType {
  name: string;
  nodev: boolean;
}

export interface RawDiskPartitions {
  /** The mount table in its order. */
  mounts: RawMount[];
  /** The file system types the kernel knows. */
  filesystems: RawFilesystemType[];
  /**
   * `/dev/<name>` of the device mounted on `/` (its major:minor in
   * `P/self/mountinfo` looked up in `P/partitions`), read only when a mount's
   * device is `/dev/root` or `rootfs`; `null` otherwise or when not found.
   */
  rootDevice: string | null;
}

/** statvfs of a path in bytes: `total` = f_blocks × f_frsize, `used` = (f_blocks − f_bfree) × f_frsize, `free` = f_bavail × f_frsize. */
export interface RawDiskUsage {
  total: number;
  used: number;
  free: number;
}

/** The counters of a `P/diskstats` line in this order (bytes = sectors × 512; times in ms). */
export const DISK_IO_FIELDS = [
  'readCount',
  'writeCount',
  'readBytes',
  'writeBytes',
  'readTime',
  'writeTime',
  'readMergedCount',
  'writeMergedCount',
  'busyTime',
] as const satisfies readonly (keyof DiskIoCounters)[];

/** One `P/diskstats` line. */
export interface RawDiskIo extends DiskIoCounters {
  /** The kernel's name (`sda`, `nvme0n1p2`, `cciss/c0d0`). */
  name: string;
  /** Whether the name (with `/` as `!`) is in `S/block`: a whole disk, not a partition (psutil's `is_storage_device`). */
  storage: boolean;
}

/** One hwmon temperature input or thermal zone, degrees Celsius (millidegrees / 1000). */
export interface RawTemperature {
  label: string;
  current: number;
  /** `temp*_max` (thermal zone: a trip point of type `high`); `null` when absent or unreadable. */
  high: number | null;
  /** `temp*_crit` (thermal zone: a `critical` trip point); `null` when absent or unreadable. */
  critical: number | null;
}

/** One hwmon fan input, RPM. */
export interface RawFan {
  label: string;
  current: number;
}

/**
 * Sensors grouped by chip name (the hwmon `name` file, or the thermal zone
 * `type`), groups in order of first appearance, sensors in psutil's order.
 * A list of pairs rather than an object: a chip may be called `__proto__`.
 */
export type RawSensorGroups<T> = Array<[name: string, sensors: T[]]>;

/**
 * The files of the first battery (the smallest name in `S/class/power_supply`
 * starting with `BAT` or containing `battery`, any case) and of the AC
 * adapter. Each number is the first of its files that exists, `null` when
 * none does or its content is not an integer.
 */
export interface RawBattery {
  /** `energy_now` (µWh), else `charge_now` (µAh). */
  energyNow: number | null;
  /** `power_now` (µW), else `current_now` (µA); some drivers report it negative while discharging. */
  powerNow: number | null;
  /** `energy_full`, else `charge_full`. */
  energyFull: number | null;
  /** `time_to_empty_now`, minutes. */
  timeToEmptyNow: number | null;
  /** `capacity`, percent. */
  capacity: number | null;
  /** `AC0/online`, else `AC/online` (1 = plugged). */
  acOnline: number | null;
  /** `status` trimmed (`Charging`, `Discharging`, `Full`, …), `null` when absent. */
  status: string | null;
}
