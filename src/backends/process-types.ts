/**
 * The process part of the backend contract: what a read of one process (or
 * of all of them) returns, raw. Both backends implement the methods declared
 * in `Backend` (src/backends/types.ts) with these shapes; `src/api/process.ts`
 * turns them into the public `Process` API and maps errors with psutil's rules.
 */
import type {
  ProcessCpuTimes,
  ProcessCtxSwitches,
  ProcessIds,
  ProcessIoCounters,
  ProcessIonice,
  ProcessMemoryFullInfo,
  ProcessMemoryInfo,
  ProcessMemoryInfoEx,
  ProcessMemoryMapEx,
  ProcessOpenFile,
  ProcessPageFaults,
  ProcessStatus,
  ProcessThread,
} from '../api/process-types';

/**
 * Every attribute a process read can fetch, and the raw value of each. The
 * backends read only the /proc files the requested attributes need, each file
 * once per process however many attributes come from it.
 *
 * Sources on Linux (native: /proc + syscalls; exec: standard tools and batched reads):
 * - `/proc/<pid>/stat`: ppid, name (comm), status, createTime, nice, numThreads,
 *   cpuTimes (utime, stime, cutime, cstime, delayacct_blkio_ticks), cpuNum, pageFaults, terminal (tty_nr)
 * - `/proc/<pid>/status`: uids, gids, numCtxSwitches, (username from the real uid)
 * - `/proc/<pid>/statm`: memoryInfo, memoryInfoEx (× page size)
 * - `/proc/<pid>/smaps_rollup` (+ statm, status VmSwap): memoryFullInfo
 * - `/proc/<pid>/smaps`: memoryMaps (ungrouped; the API groups)
 * - `/proc/<pid>/io`: ioCounters · `cmdline` · `environ` · readlink `exe`, `cwd`
 * - `/proc/<pid>/fd` (+ `fdinfo/<fd>`): numFds, openFiles · `/proc/<pid>/task/*\/stat`: threads
 * - syscalls: ionice (ioprio_get), cpuAffinity (sched_getaffinity)
 */
export interface ProcessValues {
  ppid: number;
  /**
   * psutil's name: the kernel's 15-byte `comm`, replaced by the basename of
   * `cmdline[0]` when comm is a truncated prefix of it (read cmdline to decide).
   */
  name: string;
  /** Absolute path of the executable; '' when unknown (kernel threads). */
  exe: string;
  cmdline: string[];
  environ: Record<string, string>;
  /** Epoch seconds: `btime + starttime / CLK_TCK`, computed in that order in both backends. */
  createTime: number;
  status: ProcessStatus;
  cwd: string;
  /** Name of the real uid; the uid as a string when it has no name. */
  username: string;
  uids: ProcessIds;
  gids: ProcessIds;
  /** `/dev/...` path of the controlling terminal, or null. */
  terminal: string | null;
  nice: number;
  ionice: ProcessIonice;
  ioCounters: ProcessIoCounters;
  numCtxSwitches: ProcessCtxSwitches;
  numFds: number;
  numThreads: number;
  threads: ProcessThread[];
  cpuTimes: ProcessCpuTimes;
  cpuNum: number;
  cpuAffinity: number[];
  memoryInfo: ProcessMemoryInfo;
  memoryInfoEx: ProcessMemoryInfoEx;
  memoryFullInfo: ProcessMemoryFullInfo;
  pageFaults: ProcessPageFaults;
  /** Regular files only (fd links that are absolute paths to regular files), by fd. */
  openFiles: ProcessOpenFile[];
  /** Every mapping, in address order. */
  memoryMaps: ProcessMemoryMapEx[];
}

export type ProcessAttr = keyof ProcessValues;

/** Every attribute, in the order `asDict()` lists them. */
export const PROCESS_ATTRS = [
  'ppid',
  'name',
  'exe',
  'cmdline',
  'environ',
  'createTime',
  'status',
  'cwd',
  'username',
  'uids',
  'gids',
  'terminal',
  'nice',
  'ionice',
  'ioCounters',
  'numCtxSwitches',
  'numFds',
  'numThreads',
  'threads',
  'cpuTimes',
  'cpuNum',
  'cpuAffinity',
  'memoryInfo',
  'memoryInfoEx',
  'memoryFullInfo',
  'pageFaults',
  'openFiles',
  'memoryMaps',
] as const satisfies readonly ProcessAttr[];

/** The OS error behind an attribute that could not be read: errno + what failed. */
export interface RawAttrError {
  /** errno symbolic name (`EACCES`, `ENOENT`, `ESRCH`, …), or `EPARSE` for content we could not parse. */
  code: string;
  errno: number;
  /** The syscall or tool that failed (`open`, `readlink`, `ioprio_get`, `ps`, …). */
  syscall: string;
  path?: string;
}

/**
 * One process as one read saw it. `createTime`, `startTime` and `zombie` are always read
 * (from /proc/<pid>/stat, whatever the attrs): they identify the process and
 * decide how a failure maps (psutil's rules, applied in src/api).
 */
export interface RawProcessRead {
  pid: number;
  /** Epoch seconds: `btime + startTime`. Moves if the wall clock is stepped (btime does). */
  createTime: number;
  /**
   * Seconds after boot the process started (`starttime / CLK_TCK`): monotonic,
   * unaffected by clock steps, so it (with the pid) is the process's identity.
   */
  startTime: number;
  /** The process was a zombie (state `Z`) when read. */
  zombie: boolean;
  /** The requested attributes that were read. */
  values: Partial<ProcessValues>;
  /** The requested attributes that failed, with the OS error. */
  errors: Partial<Record<ProcessAttr, RawAttrError>>;
  /** Whether /proc/<pid> still existed after the last failure (always true when nothing failed). */
  exists: boolean;
}
