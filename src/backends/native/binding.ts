/**
 * The shape of the compiled addon (`native/`), as `node-gyp-build` loads it.
 * Every function is synchronous and bounded: it reads a few /proc or /sys
 * files or makes one syscall. Failures throw an `Error` carrying the OS error
 * shape below, built in one place in C++ (`native/common/error.h`).
 */

import type {
  RawBattery,
  RawDiskPartitions,
  RawDiskUsage,
  RawFan,
  RawSensorGroups,
  RawTemperature,
} from '../disk-sensors-types';
import type { RawNetConnection, RawNetIfAddr, RawNetIfStats, RawNetIoCounters } from '../net-types';
import type { RawProcessRead } from '../process-types';

/** Columns of each row of {@link NativeBinding.cpuTimes}, in order. */
export { CPU_TIME_FIELDS } from '../types';

/** Properties the addon sets on every error it throws. */
export interface NativeErrorShape {
  /** errno symbolic name, e.g. `ENOENT`. */
  code: string;
  /** errno value (positive). */
  errno: number;
  /** The syscall or libc function that failed, e.g. `open`, `read`, `sysconf`. */
  syscall: string;
  /** The file involved, when there is one. */
  path?: string;
}

/**
 * Every call that reads /proc or /sys takes the procfs and/or sysfs root as
 * trailing optional strings (default /proc, /sys; see `src/backends/roots.ts`).
 * The paths named below are under those roots.
 */
export interface NativeBinding {
  /**
   * /proc/stat CPU lines in seconds (ticks / `sysconf(_SC_CLK_TCK)`): a flat
   * array of rows of `CPU_TIME_FIELDS.length` values; row 0 is the aggregate
   * `cpu` line, then one row per `cpuN` line in file order. Fields missing on
   * old kernels are 0.
   */
  cpuTimes(procRoot?: string): Float64Array;
  /** /proc/stat `ctxt`, `intr` (first number), `softirq` (first number). */
  cpuStats(procRoot?: string): { ctxSwitches: number; interrupts: number; softInterrupts: number };
  /** /proc/stat `btime`, epoch seconds. */
  bootTime(procRoot?: string): number;
  /**
   * `sysconf(_SC_NPROCESSORS_ONLN)`, falling back to counting `processor` lines of /proc/cpuinfo; `null` if both fail.
   * With a `procRoot` other than /proc, only the `processor` lines of `<procRoot>/cpuinfo` (sysconf knows this machine).
   */
  cpuCountLogical(procRoot?: string): number | null;
  /**
   * Physical cores as psutil counts them: distinct
   * /sys/devices/system/cpu/cpu[0-9]* /topology/core_cpus_list (or thread_siblings_list)
   * values; fallback: distinct (`physical id`, `core id`) pairs of /proc/cpuinfo; `null` if neither.
   */
  cpuCountPhysical(procRoot?: string, sysRoot?: string): number | null;
  /**
   * Per CPU `[current, min, max]` MHz, flat. From /sys/devices/system/cpu/cpufreq/policyN
   * (or cpuN/cpufreq) `scaling_cur_freq`/`scaling_min_freq`/`scaling_max_freq` (kHz / 1000);
   * else `cpu MHz` lines of /proc/cpuinfo with min/max NaN; `null` when neither exists.
   */
  cpuFreq(procRoot?: string, sysRoot?: string): Float64Array | null;
  /** /proc/loadavg: the 1, 5 and 15 minute averages. */
  loadAvg(procRoot?: string): Float64Array;
  /** /proc/meminfo mapped as psutil does; bytes. */
  virtualMemory(procRoot?: string): {
    total: number;
    available: number;
    free: number;
    active: number;
    inactive: number;
    buffers: number;
    cached: number;
    shared: number;
    slab: number;
  };
  /** /proc/meminfo SwapTotal/SwapFree (bytes) and /proc/vmstat pswpin/pswpout × page size (bytes). */
  swapMemory(procRoot?: string): { total: number; free: number; sin: number; sout: number };
  /** USER_PROCESS records of the utmp file (default `_PATH_UTMP`); an absent file gives `[]`. */
  users(utmpPath?: string): Array<{
    name: string;
    terminal: string | null;
    host: string | null;
    started: number;
    pid: number | null;
  }>;
  /** Numeric entries of /proc, sorted ascending. */
  pids(procRoot?: string): number[];
  /**
   * `kill(pid, 0)` (EPERM counts as existing), then /proc/<pid>/status `Tgid` must equal `pid`.
   * With a `procRoot` other than /proc (another pid namespace) kill() is not asked:
   * `<procRoot>/<pid>/status` must exist (and show that `Tgid`).
   */
  pidExists(pid: number, procRoot?: string): boolean;
  /** The one OS-string helper, exposed so tests can compare its U+FFFD replacement with `TextDecoder`. */
  decodeOsString(bytes: Uint8Array): string;

  // Processes. A `mask` has bit i set for attribute `PROCESS_ATTRS[i]`
  // (src/backends/process-types.ts); the C++ enum `ProcAttr` follows the same order.

  /** The attribute names in the addon's bit order: must equal `PROCESS_ATTRS`. */
  readonly processAttrs: readonly string[];
  /**
   * Reads the masked attributes of one process, each /proc/<pid> file once
   * (stat always, for `createTime` and `zombie`). Per-attribute failures go
   * in `errors` (`code` is the errno name, or `EPARSE` with errno EINVAL and
   * syscall `parse` for unparsable content). Throws ESRCH when the process
   * does not exist or `pid` is a thread id; the OS error when its stat file
   * cannot be read. Strings are UTF-8 with invalid bytes as U+FFFD.
   */
  processRead(pid: number, mask: number, procRoot?: string): RawProcessRead;
  /**
   * {@link processRead} for every process, sorted by pid, in one call.
   * Processes that vanish meanwhile, or whose stat file is hidden from us
   * (hidepid), are left out.
   */
  processScan(mask: number, procRoot?: string): RawProcessRead[];
  /**
   * prlimit(): the limit in force before the call, `[soft, hard]`, with
   * RLIM_INFINITY as -1. With `soft` and `hard` (integers, -1 = infinity) it
   * also sets them.
   */
  processRlimit(pid: number, resource: number, soft?: number, hard?: number): [number, number];
  /** setpriority(PRIO_PROCESS, pid, value). */
  processSetNice(pid: number, value: number): void;
  /** ioprio_set(IOPRIO_WHO_PROCESS, pid, ioclass << 13 | value). */
  processSetIonice(pid: number, ioclass: number, value: number): void;
  /** sched_setaffinity() with exactly these CPU numbers. */
  processSetCpuAffinity(pid: number, cpus: readonly number[]): void;

  // Disks and sensors (native/linux/disk.cc, sensors.cc). The trailing
  // optional strings are the procfs and sysfs roots (default /proc, /sys).

  /** `<procRoot>/self/mounts` (octal escapes decoded) and `<procRoot>/filesystems`; `rootDevice` as in `RawDiskPartitions`. */
  diskPartitions(procRoot?: string): RawDiskPartitions;
  /** statvfs(path), retried on EINTR: bytes, as `RawDiskUsage`. */
  diskUsage(path: string): RawDiskUsage;
  /**
   * `<procRoot>/diskstats`: one name per line, and per line `DISK_IO_ROW`
   * values: 1 if the name is in `<sysRoot>/block` (else 0), then the
   * `DISK_IO_FIELDS` counters (bytes = sectors × 512, times in ms).
   */
  diskIoCounters(procRoot?: string, sysRoot?: string): { names: string[]; values: Float64Array };
  /** hwmon temperatures (else thermal zones) as psutil reads them, °C; absent thresholds are `null`. */
  sensorsTemperatures(sysRoot?: string): RawSensorGroups<RawTemperature>;
  /** hwmon fans, RPM. */
  sensorsFans(sysRoot?: string): RawSensorGroups<RawFan>;
  /** The first battery's files, or `null` without a battery. */
  sensorsBattery(sysRoot?: string): RawBattery | null;

  // Network (native/linux/net.cc), shapes of src/backends/net-types.ts.

  /** /proc/net/dev, one entry per interface in file order. */
  netIoCounters(procRoot?: string): RawNetIoCounters[];
  /** getifaddrs() as psutil converts it (link addresses unpadded); entries without an address left out. */
  netIfAddrs(): RawNetIfAddr[];
  /** The interfaces of /proc/net/dev: SIOCGIFFLAGS (bits 0–15), SIOCGIFMTU, ETHTOOL_GSET; ENODEV ones left out. */
  netIfStats(procRoot?: string): RawNetIfStats[];
  /**
   * The sockets of the /proc/net tables in `tables` (bit i: `NET_SOCKET_TABLES[i]`)
   * with their owners from one walk of /proc/<pid>/fd; with `pid`, only that
   * process's sockets (its fd directory's error is thrown: ENOENT, EACCES).
   */
  netConnections(tables: number, pid?: number | null, procRoot?: string): RawNetConnection[];
}

/** Values per line of {@link NativeBinding.diskIoCounters}: the storage flag and the 9 counters. */
export const DISK_IO_ROW = 10;
