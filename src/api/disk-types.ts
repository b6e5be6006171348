/** Public result types of the disk functions (psutil's `sdiskpart`, `sdiskusage`, `sdiskio`). */

/** A mounted file system, as psutil's `disk_partitions()` reports it. */
export interface DiskPartition {
  /**
   * What is mounted: a device path (`/dev/sda1`), or the source a virtual file
   * system names (`tmpfs`, `proc`); `''` when the mount table says `none`.
   * `/dev/root` is replaced by the real device when it can be found.
   */
  device: string;
  /** Where it is mounted (octal escapes such as `\040` for a space already decoded). */
  mountpoint: string;
  /** File system type (`ext4`, `tmpfs`, …). */
  fstype: string;
  /** Mount options, comma-separated as in the mount table (`rw,relatime`). */
  opts: string;
}

/** Space on the file system holding a path, as psutil's `disk_usage()` and `df`. */
export interface DiskUsage {
  /** Size of the file system, bytes (`f_blocks × f_frsize`). */
  total: number;
  /** Space in use, bytes (`(f_blocks − f_bfree) × f_frsize`); blocks reserved for root are not counted. */
  used: number;
  /** Space an unprivileged user can still use, bytes (`f_bavail × f_frsize`). */
  free: number;
  /**
   * `used / (used + free) × 100`, rounded to one decimal, percent 0–100: the
   * share of the space available to users (as `df`'s Use%), so `used + free`
   * may be less than `total` by the reserved blocks.
   */
  percent: number;
}

/** Disk I/O counters since boot, from /proc/diskstats (psutil's `sdiskio` on Linux). */
export interface DiskIoCounters {
  /** Reads completed. */
  readCount: number;
  /** Writes completed. */
  writeCount: number;
  /** Bytes read (sectors × 512). */
  readBytes: number;
  /** Bytes written (sectors × 512). */
  writeBytes: number;
  /** Time spent reading, milliseconds (as psutil). */
  readTime: number;
  /** Time spent writing, milliseconds. */
  writeTime: number;
  /** Reads merged with adjacent ones before reaching the device. */
  readMergedCount: number;
  /** Writes merged with adjacent ones before reaching the device. */
  writeMergedCount: number;
  /** Time the device had I/O in flight, milliseconds. */
  busyTime: number;
}
