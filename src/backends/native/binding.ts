/**
 * The shape of the compiled addon (`native/`), as `node-gyp-build` loads it.
 * Every function is synchronous and bounded: it reads a few /proc or /sys
 * files or makes one syscall. Failures throw an `Error` carrying the OS error
 * shape below, built in one place in C++ (`native/common/error.h`).
 */

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

export interface NativeBinding {
  /**
   * /proc/stat CPU lines in seconds (ticks / `sysconf(_SC_CLK_TCK)`): a flat
   * array of rows of `CPU_TIME_FIELDS.length` values; row 0 is the aggregate
   * `cpu` line, then one row per `cpuN` line in file order. Fields missing on
   * old kernels are 0.
   */
  cpuTimes(): Float64Array;
  /** /proc/stat `ctxt`, `intr` (first number), `softirq` (first number). */
  cpuStats(): { ctxSwitches: number; interrupts: number; softInterrupts: number };
  /** /proc/stat `btime`, epoch seconds. */
  bootTime(): number;
  /** `sysconf(_SC_NPROCESSORS_ONLN)`, falling back to counting `processor` lines of /proc/cpuinfo; `null` if both fail. */
  cpuCountLogical(): number | null;
  /**
   * Physical cores as psutil counts them: distinct
   * /sys/devices/system/cpu/cpu[0-9]* /topology/core_cpus_list (or thread_siblings_list)
   * values; fallback: distinct (`physical id`, `core id`) pairs of /proc/cpuinfo; `null` if neither.
   */
  cpuCountPhysical(): number | null;
  /**
   * Per CPU `[current, min, max]` MHz, flat. From /sys/devices/system/cpu/cpufreq/policyN
   * (or cpuN/cpufreq) `scaling_cur_freq`/`scaling_min_freq`/`scaling_max_freq` (kHz / 1000);
   * else `cpu MHz` lines of /proc/cpuinfo with min/max NaN; `null` when neither exists.
   */
  cpuFreq(): Float64Array | null;
  /** /proc/loadavg: the 1, 5 and 15 minute averages. */
  loadAvg(): Float64Array;
  /** /proc/meminfo mapped as psutil does; bytes. */
  virtualMemory(): {
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
  swapMemory(): { total: number; free: number; sin: number; sout: number };
  /** USER_PROCESS records of the utmp file (default `_PATH_UTMP`); an absent file gives `[]`. */
  users(utmpPath?: string): Array<{
    name: string;
    terminal: string | null;
    host: string | null;
    started: number;
    pid: number | null;
  }>;
  /** Numeric entries of /proc, sorted ascending. */
  pids(): number[];
  /** `kill(pid, 0)` (EPERM counts as existing), then /proc/<pid>/status `Tgid` must equal `pid`. */
  pidExists(pid: number): boolean;
  /** The one OS-string helper, exposed so tests can compare its U+FFFD replacement with `TextDecoder`. */
  decodeOsString(bytes: Uint8Array): string;
}
