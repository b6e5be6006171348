/**
 * The contract between the public API and the two backends.
 *
 * Backends return raw values: what the OS reports, converted to bytes and
 * seconds, and nothing derived. Percentages, `used`, and CPU-percent deltas are
 * computed once, in `src/api`, so the backends cannot disagree on arithmetic.
 * Both `src/backends/native` and `src/backends/exec` implement {@link Backend};
 * each chooses its platform module once, when it is first loaded.
 */

import type { CpuFreq, CpuStats, CpuTimes, SwapMemory, User, VirtualMemory } from '../api/types';

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
}

/** Names of the backend calls: the unit of routing and of worker jobs. */
export type BackendMethod = Exclude<keyof Backend, 'name'>;
