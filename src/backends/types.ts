/**
 * The contract between the public API and the two backends.
 *
 * Backends return raw values: what the OS reports, converted to bytes and
 * seconds, and nothing derived. Percentages, `used`, and CPU-percent deltas are
 * computed once, in `src/api`, so the backends cannot disagree on arithmetic.
 * Both `src/backends/native` and `src/backends/exec` implement {@link Backend};
 * each chooses its platform module once, when it is first loaded.
 */

import type { NetConnectionKind } from '../api/net-types';
import type { CpuFreq, CpuStats, CpuTimes, SwapMemory, User, VirtualMemory } from '../api/types';
import type {
  RawBattery,
  RawDiskIo,
  RawDiskPartitions,
  RawDiskUsage,
  RawFan,
  RawSensorGroups,
  RawTemperature,
} from './disk-sensors-types';
import type { RawNetConnection, RawNetIfAddr, RawNetIfStats, RawNetIoCounters } from './net-types';
import type { ProcessAttr, RawProcessRead } from './process-types';

/** Which implementation serves the calls. */
export type BackendName = 'native' | 'exec';

/** CPU time counters, in seconds since boot (the public type, documented there). */
export type RawCpuTimes = CpuTimes;

/**
 * The CPU time fields in the kernel's /proc/stat column order: the one list
 * the addon's row layout, the /proc/stat parser and the percent arithmetic share.
 */
export const CPU_TIME_FIELDS = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guestNice',
] as const satisfies readonly (keyof CpuTimes)[];

/** Every CPU time counter one read of the OS gives: the machine total and one entry per CPU. */
export interface RawCpuTimesAll {
  total: RawCpuTimes;
  perCpu: RawCpuTimes[];
}

/** Cumulative event counters since boot; `syscalls` is `null` where the OS does not count them. */
export type RawCpuStats = CpuStats;

/** One CPU's frequency in MHz; `min`/`max` are `null` where the OS does not expose them. */
export type RawCpuFreq = CpuFreq;

/** Memory figures in bytes, before `used` and `percent` are derived. */
export type RawVirtualMemory = Omit<VirtualMemory, 'used' | 'percent'>;

/** Swap sizes in bytes and cumulative swap traffic in bytes, before `used` and `percent` are derived. */
export type RawSwapMemory = Omit<SwapMemory, 'used' | 'percent'>;

/** One logged-in session, from utmp. */
export type RawUser = User;

type Awaitable<T> = T | Promise<T>;

/**
 * What every backend implements. Arguments are plain data (they cross the
 * worker boundary); validation happened in `src/api` before the call.
 */
export interface Backend {
  readonly name: BackendName;
  cpuCountLogical(): Awaitable<number | null>;
  cpuCountPhysical(): Awaitable<number | null>;
  cpuTimes(): Awaitable<RawCpuTimesAll>;
  cpuStats(): Awaitable<RawCpuStats>;
  /** One entry per CPU, or `null` when the machine does not expose frequencies. */
  cpuFreq(): Awaitable<RawCpuFreq[] | null>;
  loadAvg(): Awaitable<[number, number, number]>;
  virtualMemory(): Awaitable<RawVirtualMemory>;
  swapMemory(): Awaitable<RawSwapMemory>;
  bootTime(): Awaitable<number>;
  users(): Awaitable<RawUser[]>;
  /** Sorted ascending. */
  pids(): Awaitable<number[]>;
  /** `pid` is a validated non-negative 32-bit integer. A thread id is not a pid. */
  pidExists(pid: number): Awaitable<boolean>;

  // Processes (src/backends/process-types.ts). Failures of the process as a whole
  // throw the OS error shape (errno name in `code`, `syscall`, `path`) mapped by
  // each backend's one error function; per-attribute failures go in `errors`.

  /**
   * Reads `attrs` of one process. Throws `NoSuchProcess(pid)` when
   * /proc/<pid>/stat does not exist (or the pid is a thread id, not a pid).
   */
  processRead(pid: number, attrs: readonly ProcessAttr[]): Awaitable<RawProcessRead>;
  /** Reads `attrs` of every process, sorted by pid; processes that vanish mid-scan are left out. */
  processScan(attrs: readonly ProcessAttr[]): Awaitable<RawProcessRead[]>;
  /** Gets (no `limits`) or sets a resource limit; returns the limit in force before the call, `[soft, hard]`, `RLIM_INFINITY` = -1. */
  processRlimit(pid: number, resource: number, limits?: readonly [number, number]): Awaitable<[number, number]>;
  /** setpriority(PRIO_PROCESS). */
  processSetNice(pid: number, value: number): Awaitable<void>;
  /** ioprio_set(IOPRIO_WHO_PROCESS). */
  processSetIonice(pid: number, ioclass: number, value: number): Awaitable<void>;
  /** sched_setaffinity with exactly these CPUs. */
  processSetCpuAffinity(pid: number, cpus: readonly number[]): Awaitable<void>;

  // Disks and sensors (src/backends/disk-sensors-types.ts), read under the
  // backend's procfs and sysfs roots.

  /** The mount table and the kernel's file system types. */
  diskPartitions(): Awaitable<RawDiskPartitions>;
  /** statvfs of `path` (a validated non-empty string without NUL); the OS error when it fails. */
  diskUsage(path: string): Awaitable<RawDiskUsage>;
  /** Every /proc/diskstats line, partitions included. */
  diskIoCounters(): Awaitable<RawDiskIo[]>;
  /** hwmon temperatures, else thermal zones; °C. */
  sensorsTemperatures(): Awaitable<RawSensorGroups<RawTemperature>>;
  /** hwmon fans; RPM. */
  sensorsFans(): Awaitable<RawSensorGroups<RawFan>>;
  /** The first battery's files, or `null` when there is no battery. */
  sensorsBattery(): Awaitable<RawBattery | null>;

  // Network (src/backends/net-types.ts).

  /** Every interface's counters of /proc/net/dev, in file order. */
  netIoCounters(): Awaitable<RawNetIoCounters[]>;
  /** Every address of every interface, in getifaddrs order; entries without an address left out. */
  netIfAddrs(): Awaitable<RawNetIfAddr[]>;
  /** Flags, MTU, duplex and speed of every interface of /proc/net/dev (those gone meanwhile left out). */
  netIfStats(): Awaitable<RawNetIfStats[]>;
  /**
   * The sockets of `kind`, in /proc/net table then file order, each with the
   * pid and fd holding it (`null`/-1 when unknown). With `pid`, only that
   * process's sockets: `NoSuchProcess` when its fd directory is gone,
   * `AccessDenied` when we may not read it.
   */
  netConnections(kind: NetConnectionKind, pid: number | null): Awaitable<RawNetConnection[]>;
}

/** Names of the backend calls: the unit of routing and of worker jobs. */
export type BackendMethod = Exclude<keyof Backend, 'name'>;
