/**
 * Public result and option types. Units are stated on every field: sizes in
 * bytes, durations in seconds, points in time in epoch seconds, percentages
 * 0–100 (CPU percentages of one process may exceed 100 on several CPUs).
 */

/** Options every call accepts. */
export interface CallOptions {
  /** Abort the call; it rejects with `AbortError`. A job running in a worker ends with that worker. */
  signal?: AbortSignal;
  /** Reject with `TimeoutExpired` after this many milliseconds. */
  timeout?: number;
}

/** Time the CPU(s) spent in each mode since boot, in seconds. Linux fields, as psutil's `scputimes`. */
export interface CpuTimes {
  /** Seconds running normal processes in user mode. */
  user: number;
  /** Seconds running niced processes in user mode. */
  nice: number;
  /** Seconds running in kernel mode. */
  system: number;
  /** Seconds idle. */
  idle: number;
  /** Seconds idle while waiting for I/O to complete. */
  iowait: number;
  /** Seconds servicing hardware interrupts. */
  irq: number;
  /** Seconds servicing software interrupts. */
  softirq: number;
  /** Seconds stolen by the hypervisor for other virtual machines. */
  steal: number;
  /** Seconds running a guest virtual CPU (already included in `user`). */
  guest: number;
  /** Seconds running a niced guest (already included in `nice`). */
  guestNice: number;
}

/** {@link CpuTimes} as percentages of the elapsed time, each 0–100. */
export type CpuTimesPercent = CpuTimes;

/** Cumulative CPU event counters since boot. */
export interface CpuStats {
  /** Number of context switches (voluntary and involuntary). */
  ctxSwitches: number;
  /** Number of hardware interrupts. */
  interrupts: number;
  /** Number of software interrupts. */
  softInterrupts: number;
  /** Number of system calls; `null` on Linux, whose kernel does not count them (psutil reports 0). */
  syscalls: number | null;
}

/** CPU frequency in MHz. */
export interface CpuFreq {
  /** Current frequency, MHz. */
  current: number;
  /** Minimum frequency, MHz; `null` when the OS does not expose it (psutil reports 0). */
  min: number | null;
  /** Maximum frequency, MHz; `null` when the OS does not expose it (psutil reports 0). */
  max: number | null;
}

/** System memory, psutil's `virtual_memory()` on Linux. All sizes in bytes. */
export interface VirtualMemory {
  /** Total physical memory, bytes. */
  total: number;
  /** Memory that can be given to processes without swapping, bytes (`MemAvailable`). */
  available: number;
  /** Share of memory in use, `(total - available) / total × 100`, percent 0–100. */
  percent: number;
  /** Memory in use, `total - available`, bytes. */
  used: number;
  /** Memory not used at all, bytes (`MemFree`); usually small, see `available`. */
  free: number;
  /** Memory in use or recently used, bytes. */
  active: number;
  /** Memory marked as not used recently, bytes. */
  inactive: number;
  /** Kernel buffers (file system metadata), bytes. */
  buffers: number;
  /** Page cache plus reclaimable slab (`Cached + SReclaimable`), bytes. */
  cached: number;
  /** Shared memory, including tmpfs (`Shmem`), bytes. */
  shared: number;
  /** Kernel data structures cache (`Slab`), bytes. */
  slab: number;
}

/** Swap space, psutil's `swap_memory()`. */
export interface SwapMemory {
  /** Total swap, bytes. */
  total: number;
  /** Swap in use, `total - free`, bytes. */
  used: number;
  /** Free swap, bytes. */
  free: number;
  /** Share of swap in use, percent 0–100 (0 when there is no swap). */
  percent: number;
  /** Cumulative bytes swapped in from disk since boot. */
  sin: number;
  /** Cumulative bytes swapped out to disk since boot. */
  sout: number;
}

/** A user logged in on the system (one utmp session). */
export interface User {
  /** Login name. */
  name: string;
  /** Terminal (tty or pseudo-tty), or `null`. */
  terminal: string | null;
  /** Remote host name or address, or `null` for a local login. */
  host: string | null;
  /** Login time, epoch seconds (the exec backend knows it to the minute only). */
  started: number;
  /** Pid of the login process, or `null`. */
  pid: number | null;
}

/** Which backend serves the calls, and why. */
export interface BackendInfo {
  name: 'native' | 'exec';
  /** Why this backend was chosen when it is not the native one by default (e.g. why the addon did not load). */
  reason?: string;
}

/** Settings for {@link configure}. Later calls use the new settings. */
export interface ConfigureOptions {
  /** `auto` (default): native if the addon loads, else exec. Overrides the `PSNODE_BACKEND` environment variable. */
  backend?: 'auto' | 'native' | 'exec';
  /** Most worker threads the pool may run at once (default: CPU count, at least 2). */
  maxThreads?: number;
  /**
   * Where procfs is mounted (default `/proc`; a host's /proc bind-mounted into
   * a container, say). Overrides `PSNODE_PROCFS_PATH`. An absolute path.
   * Honoured by the disk functions so far.
   */
  procfsPath?: string;
  /**
   * Where sysfs is mounted (default `/sys`). Overrides `PSNODE_SYSFS_PATH`.
   * An absolute path. Honoured by the disk and sensors functions so far.
   */
  sysfsPath?: string;
}
