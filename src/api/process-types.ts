/**
 * Public types of the process API. Units on every field: bytes, seconds,
 * epoch seconds for points in time. Linux semantics, as psutil's.
 */

/** psutil's process status strings (Linux). */
export type ProcessStatus =
  | 'running'
  | 'sleeping'
  | 'disk-sleep'
  | 'stopped'
  | 'tracing-stop'
  | 'zombie'
  | 'dead'
  | 'wake-kill'
  | 'waking'
  | 'idle'
  | 'parked';

/** Real, effective and saved user or group ids. */
export interface ProcessIds {
  real: number;
  effective: number;
  saved: number;
}

/** I/O scheduling class and priority. */
export interface ProcessIonice {
  /** One of {@link IoprioClass}. */
  ioclass: number;
  /** Priority within the class, 0 (highest) to 7; 0 for classes without levels. */
  value: number;
}

/** I/O counters since the process started (/proc/<pid>/io). */
export interface ProcessIoCounters {
  /** Read system calls. */
  readCount: number;
  /** Write system calls. */
  writeCount: number;
  /** Bytes actually fetched from storage, bytes. */
  readBytes: number;
  /** Bytes actually sent to storage, bytes. */
  writeBytes: number;
  /** Bytes passed to read-like calls (includes cache and pipes), bytes. */
  readChars: number;
  /** Bytes passed to write-like calls, bytes. */
  writeChars: number;
}

/** Context switches since the process started. */
export interface ProcessCtxSwitches {
  /** The process gave up the CPU (waiting for a resource). */
  voluntary: number;
  /** The kernel took the CPU away (time slice over). */
  involuntary: number;
}

/** One thread's CPU time. */
export interface ProcessThread {
  /** Thread id. */
  id: number;
  /** Seconds in user mode. */
  userTime: number;
  /** Seconds in kernel mode. */
  systemTime: number;
}

/** CPU time of a process, seconds. */
export interface ProcessCpuTimes {
  /** Seconds in user mode. */
  user: number;
  /** Seconds in kernel mode. */
  system: number;
  /** User-mode seconds of reaped children. */
  childrenUser: number;
  /** Kernel-mode seconds of reaped children. */
  childrenSystem: number;
  /** Seconds waiting for block I/O (delay accounting; 0 when it is off). */
  iowait: number;
}

/** Memory of a process, psutil's `memory_info()`; bytes. */
export interface ProcessMemoryInfo {
  /** Resident set size: physical memory in use, bytes. */
  rss: number;
  /** Virtual memory size, bytes. */
  vms: number;
  /** Resident memory backed by files (could be shared), bytes. */
  shared: number;
  /** Executable code (text) resident, bytes. */
  text: number;
  /** Data + stack, bytes. */
  data: number;
}

/** psutil's `memory_info_ex()` on Linux; bytes. */
export interface ProcessMemoryInfoEx extends ProcessMemoryInfo {
  /** Shared libraries; always 0 since Linux 2.6 (kept for psutil's shape), bytes. */
  lib: number;
  /** Dirty pages; always 0 since Linux 2.6 (kept for psutil's shape), bytes. */
  dirty: number;
}

/** {@link ProcessMemoryInfo} plus the costlier figures from /proc/<pid>/smaps_rollup; bytes. */
export interface ProcessMemoryFullInfo extends ProcessMemoryInfo {
  /** Unique set size: memory freed if the process exited now, bytes. */
  uss: number;
  /** Proportional set size: shared pages divided among their sharers, bytes. */
  pss: number;
  /** Memory swapped out, bytes. */
  swap: number;
}

/** One memory mapping (or, grouped, all mappings of one path); sizes in bytes. */
export interface ProcessMemoryMap {
  /** Mapped file, or a pseudo-name such as `[heap]`, `[stack]`, `[anon]`. */
  path: string;
  rss: number;
  size: number;
  pss: number;
  sharedClean: number;
  sharedDirty: number;
  privateClean: number;
  privateDirty: number;
  referenced: number;
  anonymous: number;
  swap: number;
}

/** One mapping with its address range and permissions (`memoryMaps({ grouped: false })`). */
export interface ProcessMemoryMapEx extends ProcessMemoryMap {
  /** Address range, `start-end` in hex. */
  addr: string;
  /** Permissions, e.g. `r-xp`. */
  perms: string;
}

/** Page faults since the process started (counts). */
export interface ProcessPageFaults {
  /** Faults served without disk I/O. */
  minor: number;
  /** Faults that needed disk I/O. */
  major: number;
}

/** A regular file the process has open. */
export interface ProcessOpenFile {
  /** Absolute path. */
  path: string;
  /** File descriptor. */
  fd: number;
  /** File offset, bytes. */
  position: number;
  /** `r`, `w`, `a`, `r+` or `a+`, as `open()` modes. */
  mode: string;
  /** The `open()` flags (O_*). */
  flags: number;
}

/** I/O priority classes (`ionice`). */
export const IoprioClass = {
  IOPRIO_CLASS_NONE: 0,
  IOPRIO_CLASS_RT: 1,
  IOPRIO_CLASS_BE: 2,
  IOPRIO_CLASS_IDLE: 3,
} as const;
export type IoprioClass = (typeof IoprioClass)[keyof typeof IoprioClass];

/** Resource limit ids (`RLIMIT_*`, Linux numbering). */
export const Rlimit = {
  RLIMIT_CPU: 0,
  RLIMIT_FSIZE: 1,
  RLIMIT_DATA: 2,
  RLIMIT_STACK: 3,
  RLIMIT_CORE: 4,
  RLIMIT_RSS: 5,
  RLIMIT_NPROC: 6,
  RLIMIT_NOFILE: 7,
  RLIMIT_MEMLOCK: 8,
  RLIMIT_AS: 9,
  RLIMIT_LOCKS: 10,
  RLIMIT_SIGPENDING: 11,
  RLIMIT_MSGQUEUE: 12,
  RLIMIT_NICE: 13,
  RLIMIT_RTPRIO: 14,
  RLIMIT_RTTIME: 15,
} as const;
export type Rlimit = (typeof Rlimit)[keyof typeof Rlimit];

/** An unlimited resource limit, as psutil's `RLIM_INFINITY` on Linux. */
export const RLIM_INFINITY = -1;
