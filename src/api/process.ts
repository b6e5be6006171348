/**
 * The `Process` class, `processIter` and friends: psutil's process API.
 *
 * A process is identified by its pid and its create time. Every read brings
 * the create time back with it (the backends always read /proc/<pid>/stat),
 * so every getter also checks that the pid still belongs to the same process:
 * a reused pid is reported as `NoSuchProcess`, never read as if it were the
 * original.
 */
import { inspect } from 'node:util';
import type { RawNetConnection } from '../backends/net-types';
import { PROCESS_ATTRS, type ProcessAttr, type ProcessValues, type RawProcessRead } from '../backends/process-types';
import { call } from '../workers/dispatch';
import { NoSuchProcess } from './errors';
import { processConnections, readConnectionOptions } from './net';
import type { NetConnectionKind, ProcessNetConnection } from './net-types';
import { attrValue, type ProcessLabel } from './process-errors';
import type {
  ProcessCpuTimes,
  ProcessCtxSwitches,
  ProcessIds,
  ProcessIoCounters,
  ProcessIonice,
  ProcessMemoryFullInfo,
  ProcessMemoryInfo,
  ProcessMemoryInfoEx,
  ProcessMemoryMap,
  ProcessMemoryMapEx,
  ProcessOpenFile,
  ProcessPageFaults,
  ProcessStatus,
  ProcessThread,
} from './process-types';
import { IoprioClass, RLIM_INFINITY } from './process-types';
import type { CallOptions } from './types';
import { boolean, callOptionChecks, integerIn, nonNegativeNumber, oneOf, pidArgument, readOptions } from './validate';

/** Memory figures `memoryPercent()` accepts, as psutil's `memtype`. */
export const MEMORY_TYPES = ['rss', 'vms', 'shared', 'text', 'data', 'uss', 'pss', 'swap'] as const;
export type MemoryType = (typeof MEMORY_TYPES)[number];

/** Everything `asDict()` and `processIter()` can report. */
export type ProcessInfo = Omit<ProcessValues, 'memoryMaps'> & {
  pid: number;
  /** Grouped by path, as `memoryMaps()`. */
  memoryMaps: ProcessMemoryMap[];
  /** As `cpuPercent()` with interval 0: since the previous read of this process. */
  cpuPercent: number;
  /** As `memoryPercent()`: RSS as a percent of total physical memory. */
  memoryPercent: number;
};
export type ProcessInfoAttr = keyof ProcessInfo;

/** Every name `asDict` / `processIter` accept in `attrs`. */
export const PROCESS_INFO_ATTRS: readonly ProcessInfoAttr[] = ['pid', ...PROCESS_ATTRS, 'cpuPercent', 'memoryPercent'];

/** `asDict` / `processIter` options. */
export interface InfoOptions<A extends ProcessInfoAttr, V> extends CallOptions {
  /** Attributes to fetch; default: all of them. */
  attrs?: readonly A[];
  /** Reported instead of an attribute that raised `AccessDenied` or `ZombieProcess`; default `null`. */
  adValue?: V;
}

const NICE_RANGE = integerIn(-20, 19);
const IOPRIO_VALUE = integerIn(0, 7);
const RLIMIT_RESOURCE = integerIn(0, 15);
/** Largest CPU number Linux can have (NR_CPUS ≤ 8192). */
const CPU_NUMBER = integerIn(0, 8191);
const LIMIT_VALUE = integerIn(RLIM_INFINITY, Number.MAX_SAFE_INTEGER);

function attrsArgument(fn: string, value: unknown): ProcessInfoAttr[] {
  if (!Array.isArray(value)) throw new TypeError(`${fn}: option 'attrs' must be an array of attribute names`);
  for (const name of value) {
    if (typeof name !== 'string') throw new TypeError(`${fn}: option 'attrs' must hold strings, got ${typeof name}`);
    if (!(PROCESS_INFO_ATTRS as readonly string[]).includes(name)) {
      throw new RangeError(`${fn}: '${name}' is not a process attribute (known: ${PROCESS_INFO_ATTRS.join(', ')})`);
    }
  }
  return value as ProcessInfoAttr[];
}

/** The backend attributes a list of info attributes needs. */
function backendAttrs(wanted: readonly ProcessInfoAttr[]): ProcessAttr[] {
  const needed = new Set<ProcessAttr>();
  for (const attr of wanted) {
    if (attr === 'pid') continue;
    if (attr === 'cpuPercent') needed.add('cpuTimes');
    else if (attr === 'memoryPercent') needed.add('memoryInfo');
    else needed.add(attr);
  }
  // The name and ppid label errors, as psutil's messages do.
  needed.add('name');
  return [...needed];
}

const STATUS_WORD = 'status';

/** Groups mappings by path, summing every size, as psutil's `memory_maps(grouped=True)`. */
export function groupMemoryMaps(maps: readonly ProcessMemoryMapEx[]): ProcessMemoryMap[] {
  const byPath = new Map<string, ProcessMemoryMap>();
  for (const { addr: _addr, perms: _perms, ...map } of maps) {
    const sum = byPath.get(map.path);
    if (!sum) {
      byPath.set(map.path, { ...map });
      continue;
    }
    for (const key of Object.keys(map) as (keyof ProcessMemoryMap)[]) {
      if (key !== 'path') sum[key] += map[key];
    }
  }
  return [...byPath.values()];
}

/** Seconds of CPU (user + system) and of wall clock at the last `cpuPercent()` sample. */
interface CpuSample {
  cpu: number;
  wall: number;
}

/** Total physical memory, read once: it does not change while we run. */
let totalMemory: Promise<number> | null = null;
function physicalMemory(options: CallOptions): Promise<number> {
  totalMemory ??= call('virtualMemory', [], options).then(
    (m) => m.total,
    (error: unknown) => {
      totalMemory = null;
      throw error;
    },
  );
  return totalMemory;
}

/** A process on this machine, identified by pid and create time. */
export class Process {
  /** Process id. */
  readonly pid: number;
  /** Seconds after boot it started: with the pid, its identity (monotonic, unlike createTime). */
  #startTime: number;
  #createTime: number;
  #name: string | null = null;
  #ppid: number | null = null;
  #lastStatus: ProcessStatus | null = null;
  /** Set once a read found the process gone or its pid reused; then every call rejects. */
  #gone: 'terminated' | 'reused' | null = null;
  #lastCpu: CpuSample | null = null;
  /** Filled by {@link processIter} with the attributes it was asked for. */
  info: Partial<ProcessInfo> = {};

  private constructor(pid: number, startTime: number, createTime: number) {
    this.pid = pid;
    this.#startTime = startTime;
    this.#createTime = createTime;
  }

  /**
   * The process with this pid (default: the current process). Rejects with
   * `NoSuchProcess` when no such process exists (a thread id is not a pid).
   */
  static async of(pid: number = process.pid, options?: CallOptions): Promise<Process> {
    const checked = pidArgument(pid, 'Process.of: pid');
    const callOptions = readOptions('Process.of', options, callOptionChecks);
    const read = await call('processRead', [checked, ['name']], callOptions);
    const created = new Process(checked, read.startTime, read.createTime);
    created.#remember(read);
    return created;
  }

  /** @internal Builds a Process from a scan's read (processIter). */
  static fromRead(read: RawProcessRead): Process {
    const created = new Process(read.pid, read.startTime, read.createTime);
    created.#remember(read);
    return created;
  }

  /** A string usable as a Map or Set key: the same process gives the same key, a reused pid a different one. */
  get key(): string {
    return `${this.pid}-${this.#startTime}`;
  }

  /** Same pid and same create time: the same process. */
  equals(other: unknown): boolean {
    return other instanceof Process && other.pid === this.pid && other.#startTime === this.#startTime;
  }

  /** psutil's repr: `psnode.Process(pid=42, name='node', status='running')`. */
  toString(): string {
    const parts = [`pid=${this.pid}`];
    if (this.#name !== null) parts.push(`name='${this.#name}'`);
    if (this.#gone === 'terminated') parts.push(`status='terminated'`);
    else if (this.#gone === 'reused') parts.push(`status='terminated', pid reused`);
    else if (this.#lastStatus !== null) parts.push(`${STATUS_WORD}='${this.#lastStatus}'`);
    parts.push(`started=${new Date(this.#createTime * 1000).toISOString()}`);
    return `psnode.Process(${parts.join(', ')})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #remember(read: RawProcessRead): void {
    if (read.values.name !== undefined) this.#name = read.values.name;
    if (read.values.ppid !== undefined) this.#ppid = read.values.ppid;
    if (read.values.status !== undefined) this.#lastStatus = read.values.status;
    else if (read.zombie) this.#lastStatus = 'zombie';
  }

  #label(): ProcessLabel {
    return { name: this.#name, ppid: this.#ppid };
  }

  #vanished(kind: 'terminated' | 'reused'): NoSuchProcess {
    this.#gone = kind;
    const msg = kind === 'reused' ? 'process no longer exists and its pid has been reused' : 'process no longer exists';
    return new NoSuchProcess(this.pid, this.#name, msg);
  }

  /** One read of `attrs` with the identity checked; a vanished process becomes NoSuchProcess with its name. */
  async #read(attrs: readonly ProcessAttr[], options: CallOptions): Promise<RawProcessRead> {
    if (this.#gone !== null) throw this.#vanished(this.#gone);
    let read: RawProcessRead;
    try {
      read = await call('processRead', [this.pid, attrs], options);
    } catch (error) {
      if (error instanceof NoSuchProcess) throw this.#vanished('terminated');
      throw error;
    }
    if (read.startTime !== this.#startTime) throw this.#vanished('reused');
    this.#remember(read);
    return read;
  }

  async #get<A extends ProcessAttr>(fn: string, attr: A, options: unknown): Promise<ProcessValues[A]> {
    const read = await this.#read([attr], readOptions(fn, options, callOptionChecks));
    const result = attrValue(read, attr, this.#label());
    if (!result.ok) throw result.error;
    return result.value as ProcessValues[A];
  }

  /** Checks the identity before a change: rejects with `NoSuchProcess` if the pid now belongs to another process. */
  async #assertSame(options: CallOptions): Promise<void> {
    await this.#read([], options);
  }

  /** Runs a setter, labelling its errors with this process's name. */
  async #change<T>(options: CallOptions, change: () => Promise<T>): Promise<T> {
    await this.#assertSame(options);
    try {
      return await change();
    } catch (error) {
      if (error instanceof NoSuchProcess) throw this.#vanished('terminated');
      throw error;
    }
  }

  // --- Getters: psutil's semantics, Linux. ---

  /** Parent's pid. */
  ppid(options?: CallOptions): Promise<number> {
    return this.#get('ppid', 'ppid', options);
  }
  /** Process name: the kernel's 15-character name, completed from the command line where it was cut. */
  name(options?: CallOptions): Promise<string> {
    return this.#get('name', 'name', options);
  }
  /** Absolute path of the executable ('' for kernel threads). */
  exe(options?: CallOptions): Promise<string> {
    return this.#get('exe', 'exe', options);
  }
  /** Command line, one string per argument. */
  cmdline(options?: CallOptions): Promise<string[]> {
    return this.#get('cmdline', 'cmdline', options);
  }
  /** Environment variables as they were when the process started (or last changed its own). */
  environ(options?: CallOptions): Promise<Record<string, string>> {
    return this.#get('environ', 'environ', options);
  }
  /** When the process started, epoch seconds (known since `Process.of`; no read needed). */
  async createTime(options?: CallOptions): Promise<number> {
    readOptions('createTime', options, callOptionChecks);
    if (this.#gone !== null) throw this.#vanished(this.#gone);
    return this.#createTime;
  }
  /** psutil's status string (`running`, `sleeping`, `zombie`, …). */
  status(options?: CallOptions): Promise<ProcessStatus> {
    return this.#get('status', 'status', options);
  }
  /** Current working directory. */
  cwd(options?: CallOptions): Promise<string> {
    return this.#get('cwd', 'cwd', options);
  }
  /** Name of the user owning the process (real uid); the uid as a string when it has no name. */
  username(options?: CallOptions): Promise<string> {
    return this.#get('username', 'username', options);
  }
  /** Real, effective and saved user ids. */
  uids(options?: CallOptions): Promise<ProcessIds> {
    return this.#get('uids', 'uids', options);
  }
  /** Real, effective and saved group ids. */
  gids(options?: CallOptions): Promise<ProcessIds> {
    return this.#get('gids', 'gids', options);
  }
  /** Controlling terminal (`/dev/pts/0`, …), or `null`. */
  terminal(options?: CallOptions): Promise<string | null> {
    return this.#get('terminal', 'terminal', options);
  }
  /** I/O counters since the process started. */
  ioCounters(options?: CallOptions): Promise<ProcessIoCounters> {
    return this.#get('ioCounters', 'ioCounters', options);
  }
  /** Voluntary and involuntary context switches. */
  numCtxSwitches(options?: CallOptions): Promise<ProcessCtxSwitches> {
    return this.#get('numCtxSwitches', 'numCtxSwitches', options);
  }
  /** Number of open file descriptors. */
  numFds(options?: CallOptions): Promise<number> {
    return this.#get('numFds', 'numFds', options);
  }
  /** Number of threads. */
  numThreads(options?: CallOptions): Promise<number> {
    return this.#get('numThreads', 'numThreads', options);
  }
  /** Every thread with its CPU times in seconds. */
  threads(options?: CallOptions): Promise<ProcessThread[]> {
    return this.#get('threads', 'threads', options);
  }
  /** CPU time in seconds: user, system, reaped children's, and I/O wait. */
  cpuTimes(options?: CallOptions): Promise<ProcessCpuTimes> {
    return this.#get('cpuTimes', 'cpuTimes', options);
  }
  /** The CPU the process last ran on. */
  cpuNum(options?: CallOptions): Promise<number> {
    return this.#get('cpuNum', 'cpuNum', options);
  }
  /** Memory in bytes: rss, vms, shared, text, data. */
  memoryInfo(options?: CallOptions): Promise<ProcessMemoryInfo> {
    return this.#get('memoryInfo', 'memoryInfo', options);
  }
  /** psutil's `memory_info_ex()`: memoryInfo plus lib and dirty (0 since Linux 2.6), bytes. */
  memoryInfoEx(options?: CallOptions): Promise<ProcessMemoryInfoEx> {
    return this.#get('memoryInfoEx', 'memoryInfoEx', options);
  }
  /** memoryInfo plus uss, pss and swap in bytes (reads smaps_rollup: slower, may need privileges). */
  memoryFullInfo(options?: CallOptions): Promise<ProcessMemoryFullInfo> {
    return this.#get('memoryFullInfo', 'memoryFullInfo', options);
  }
  /** Minor and major page faults since the process started. */
  pageFaults(options?: CallOptions): Promise<ProcessPageFaults> {
    return this.#get('pageFaults', 'pageFaults', options);
  }
  /** Regular files the process has open. */
  openFiles(options?: CallOptions): Promise<ProcessOpenFile[]> {
    return this.#get('openFiles', 'openFiles', options);
  }

  /**
   * The process's sockets of `kind` (default `inet`; the kinds of
   * `netConnections()`), as `netConnections()` reports them but without
   * `pid`. Reads this process's /proc/<pid>/fd only; `AccessDenied` when it
   * may not be read (another user's process, without privileges).
   */
  async netConnections(options?: { kind?: NetConnectionKind } & CallOptions): Promise<ProcessNetConnection[]> {
    const { kind, rest } = readConnectionOptions('netConnections', options);
    if (this.#gone !== null) throw this.#vanished(this.#gone);
    let raw: RawNetConnection[];
    try {
      raw = await call('netConnections', [kind, this.pid], rest);
    } catch (error) {
      if (error instanceof NoSuchProcess) throw this.#vanished('terminated');
      throw error;
    }
    // As psutil, the process must still be there after the read; and still be the same one.
    await this.#assertSame(rest);
    return processConnections(raw);
  }

  /** Memory mappings: grouped by path (default), or each with its address and permissions. */
  memoryMaps(options?: { grouped?: true } & CallOptions): Promise<ProcessMemoryMap[]>;
  memoryMaps(options: { grouped: false } & CallOptions): Promise<ProcessMemoryMapEx[]>;
  async memoryMaps(options?: { grouped?: boolean } & CallOptions): Promise<ProcessMemoryMap[] | ProcessMemoryMapEx[]> {
    const { grouped = true, ...rest } = readOptions('memoryMaps', options, { grouped: boolean, ...callOptionChecks });
    const maps = await this.#get('memoryMaps', 'memoryMaps', rest);
    return grouped ? groupMemoryMaps(maps) : maps;
  }

  /**
   * Share of physical memory the process uses, percent 0–100: `memtype`
   * (default `rss`; `uss`, `pss`, `swap` read smaps_rollup) over total memory.
   */
  async memoryPercent(options?: { memtype?: MemoryType } & CallOptions): Promise<number> {
    const { memtype = 'rss', ...rest } = readOptions('memoryPercent', options, {
      memtype: oneOf(...MEMORY_TYPES),
      ...callOptionChecks,
    });
    const full = memtype === 'uss' || memtype === 'pss' || memtype === 'swap';
    const [info, total] = await Promise.all([
      full ? this.#get('memoryFullInfo', 'memoryFullInfo', rest) : this.#get('memoryInfo', 'memoryInfo', rest),
      physicalMemory(rest),
    ]);
    return ((info as ProcessMemoryFullInfo)[memtype] / total) * 100;
  }

  /**
   * CPU utilization, percent of one CPU (so up to 100 × CPUs): over
   * `interval` seconds, or since the previous call when 0 (the default; the
   * first such call returns 0, as psutil).
   */
  async cpuPercent(options?: { interval?: number } & CallOptions): Promise<number> {
    const { interval = 0, ...rest } = readOptions('cpuPercent', options, {
      interval: nonNegativeNumber,
      ...callOptionChecks,
    });
    const sample = async (): Promise<CpuSample> => {
      const times = await this.#get('cpuTimes', 'cpuTimes', rest);
      return { cpu: times.user + times.system, wall: performance.now() / 1000 };
    };
    let before = this.#lastCpu;
    if (interval > 0) {
      before = await sample();
      await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    }
    const after = await sample();
    this.#lastCpu = after;
    return cpuPercentBetween(before, after);
  }

  /** Scheduling priority (nice), or with a value, sets it (-20 … 19; lowering it needs privileges). */
  nice(options?: CallOptions): Promise<number>;
  nice(value: number, options?: CallOptions): Promise<void>;
  async nice(valueOrOptions?: number | CallOptions, maybeOptions?: CallOptions): Promise<unknown> {
    if (typeof valueOrOptions !== 'number') return this.#get('nice', 'nice', valueOrOptions);
    const value = NICE_RANGE(valueOrOptions, 'nice: value');
    const options = readOptions('nice', maybeOptions, callOptionChecks);
    await this.#change(options, () => call('processSetNice', [this.pid, value], options));
  }

  /** I/O scheduling class and priority, or with arguments, sets them. */
  ionice(options?: CallOptions): Promise<ProcessIonice>;
  ionice(ioclass: number, value?: number, options?: CallOptions): Promise<void>;
  async ionice(classOrOptions?: number | CallOptions, value?: number, maybeOptions?: CallOptions): Promise<unknown> {
    if (typeof classOrOptions !== 'number') return this.#get('ionice', 'ionice', classOrOptions);
    const ioclass = integerIn(0, 3)(classOrOptions, 'ionice: ioclass');
    const levelled = ioclass === IoprioClass.IOPRIO_CLASS_RT || ioclass === IoprioClass.IOPRIO_CLASS_BE;
    if (!levelled && value !== undefined && value !== 0) {
      throw new RangeError(`ionice: class ${ioclass} takes no priority value; got ${value}`);
    }
    const level = value === undefined ? (levelled ? 4 : 0) : IOPRIO_VALUE(value, 'ionice: value');
    const options = readOptions('ionice', maybeOptions, callOptionChecks);
    await this.#change(options, () => call('processSetIonice', [this.pid, ioclass, level], options));
  }

  /** A resource limit `[soft, hard]` (`RLIM_INFINITY` = -1), or with `limits`, sets it. */
  async rlimit(resource: number, limits?: readonly [number, number], options?: CallOptions): Promise<[number, number]> {
    const checkedResource = RLIMIT_RESOURCE(resource, 'rlimit: resource');
    const callOptions = readOptions('rlimit', options, callOptionChecks);
    if (limits === undefined) {
      await this.#assertSame(callOptions);
      return call('processRlimit', [this.pid, checkedResource], callOptions);
    }
    if (!Array.isArray(limits) || limits.length !== 2) {
      throw new TypeError('rlimit: limits must be a [soft, hard] pair');
    }
    const soft = LIMIT_VALUE(limits[0], 'rlimit: soft limit');
    const hard = LIMIT_VALUE(limits[1], 'rlimit: hard limit');
    if (hard !== RLIM_INFINITY && (soft === RLIM_INFINITY || soft > hard)) {
      throw new RangeError(`rlimit: the soft limit (${soft}) may not exceed the hard limit (${hard})`);
    }
    return this.#change(callOptions, () =>
      call('processRlimit', [this.pid, checkedResource, [soft, hard]], callOptions),
    );
  }

  /** CPUs the process may run on, or with a list, restricts it to them. */
  cpuAffinity(options?: CallOptions): Promise<number[]>;
  cpuAffinity(cpus: readonly number[], options?: CallOptions): Promise<void>;
  async cpuAffinity(cpusOrOptions?: readonly number[] | CallOptions, maybeOptions?: CallOptions): Promise<unknown> {
    if (!Array.isArray(cpusOrOptions)) return this.#get('cpuAffinity', 'cpuAffinity', cpusOrOptions);
    const cpus = (cpusOrOptions as readonly unknown[]).map((cpu, i) => CPU_NUMBER(cpu, `cpuAffinity: cpus[${i}]`));
    if (cpus.length === 0) throw new RangeError('cpuAffinity: the list of CPUs may not be empty');
    const options = readOptions('cpuAffinity', maybeOptions, callOptionChecks);
    const online = (await call('cpuCountLogical', [], options)) ?? 1;
    const outside = cpus.filter((cpu) => cpu >= online);
    if (outside.length > 0) {
      throw new RangeError(`cpuAffinity: no such CPU: ${outside.join(', ')} (CPUs 0–${online - 1} are online)`);
    }
    await this.#change(options, () => call('processSetCpuAffinity', [this.pid, [...new Set(cpus)]], options));
  }

  // --- Family ---

  /**
   * The parent process, or `null` when there is none (pid 0's children) or
   * the parent's pid now belongs to a process younger than this one.
   */
  async parent(options?: CallOptions): Promise<Process | null> {
    const ppid = await this.ppid(options);
    if (ppid === 0) return null;
    try {
      const parent = await Process.of(ppid, options);
      return parent.#startTime <= this.#startTime ? parent : null;
    } catch (error) {
      if (error instanceof NoSuchProcess) return null;
      throw error;
    }
  }

  /** Every ancestor, nearest first. */
  async parents(options?: CallOptions): Promise<Process[]> {
    const result: Process[] = [];
    let current: Process | null = await this.parent(options);
    while (current !== null) {
      result.push(current);
      current = await current.parent(options);
    }
    return result;
  }

  /** Direct children, or with `recursive`, every descendant; from one scan of the process table. */
  async children(options?: { recursive?: boolean } & CallOptions): Promise<Process[]> {
    const { recursive = false, ...rest } = readOptions('children', options, {
      recursive: boolean,
      ...callOptionChecks,
    });
    await this.#assertSame(rest);
    const scan = await call('processScan', [['ppid']], rest);
    const byParent = new Map<number, RawProcessRead[]>();
    for (const read of scan) {
      const ppid = read.values.ppid;
      if (ppid === undefined) continue;
      const siblings = byParent.get(ppid) ?? [];
      siblings.push(read);
      byParent.set(ppid, siblings);
    }
    const found: Process[] = [];
    const queue: Array<{ pid: number; startTime: number }> = [{ pid: this.pid, startTime: this.#startTime }];
    const seen = new Set<number>([this.pid]);
    while (queue.length > 0) {
      const parent = queue.shift() as { pid: number; startTime: number };
      for (const child of byParent.get(parent.pid) ?? []) {
        // A child older than its parent has inherited a reused ppid: not ours.
        if (child.startTime < parent.startTime || seen.has(child.pid)) continue;
        seen.add(child.pid);
        found.push(Process.fromRead(child));
        if (recursive) queue.push({ pid: child.pid, startTime: child.startTime });
      }
    }
    return found.sort((a, b) => a.pid - b.pid);
  }

  /** Whether this process still runs (zombies count as running, as in psutil); a reused pid is `false`. */
  async isRunning(options?: CallOptions): Promise<boolean> {
    const callOptions = readOptions('isRunning', options, callOptionChecks);
    if (this.#gone !== null) return false;
    try {
      await this.#read([], callOptions);
      return true;
    } catch (error) {
      if (error instanceof NoSuchProcess) return false;
      throw error;
    }
  }

  // --- Batches ---

  /**
   * Several attributes in one read (one worker job; each /proc file read once).
   * Attributes that raise `AccessDenied` or `ZombieProcess` get `adValue`.
   */
  async asDict<A extends ProcessInfoAttr = ProcessInfoAttr, V = null>(
    options?: InfoOptions<A, V>,
  ): Promise<{ [K in A]: ProcessInfo[K] | V }> {
    const { attrs, adValue, rest } = readInfoOptions('asDict', options);
    const wanted = (attrs ?? PROCESS_INFO_ATTRS) as readonly A[];
    const read = await this.#read(backendAttrs(wanted), rest);
    const total = wanted.includes('memoryPercent' as A) ? await physicalMemory(rest) : 0;
    return this.#info(read, wanted, (adValue ?? null) as V, total) as { [K in A]: ProcessInfo[K] | V };
  }

  /** @internal Builds the info record of a read; used by asDict and processIter. */
  #info(read: RawProcessRead, wanted: readonly ProcessInfoAttr[], adValue: unknown, total: number) {
    const info: Record<string, unknown> = {};
    const label = this.#label();
    for (const attr of wanted) {
      if (attr === 'pid') {
        info.pid = this.pid;
        continue;
      }
      const source: ProcessAttr = attr === 'cpuPercent' ? 'cpuTimes' : attr === 'memoryPercent' ? 'memoryInfo' : attr;
      const result = attrValue(read, source, label);
      if (!result.ok) {
        if (!isAdError(result.error)) throw result.error;
        info[attr] = adValue;
        continue;
      }
      if (attr === 'cpuPercent') {
        const times = result.value as ProcessCpuTimes;
        const now = { cpu: times.user + times.system, wall: performance.now() / 1000 };
        info[attr] = cpuPercentBetween(this.#lastCpu, now);
        this.#lastCpu = now;
      } else if (attr === 'memoryPercent') {
        info[attr] = ((result.value as ProcessMemoryInfo).rss / total) * 100;
      } else if (attr === 'memoryMaps') {
        info[attr] = groupMemoryMaps(result.value as ProcessMemoryMapEx[]);
      } else {
        info[attr] = result.value;
      }
    }
    return info;
  }

  /**
   * @internal For processIter: refreshes this object from a scan's read.
   * False when the process vanished during the read (it is then skipped).
   */
  static refresh(
    target: Process,
    read: RawProcessRead,
    wanted: readonly ProcessInfoAttr[],
    adValue: unknown,
    total: number,
  ): boolean {
    target.#remember(read);
    try {
      target.info = target.#info(read, wanted, adValue, total) as Partial<ProcessInfo>;
      return true;
    } catch (error) {
      if (error instanceof NoSuchProcess) return false;
      throw error;
    }
  }
}

/** AccessDenied and ZombieProcess become `adValue` in batches; anything else is raised. */
function isAdError(error: Error): boolean {
  return error.name === 'AccessDenied' || error.name === 'ZombieProcess';
}

function cpuPercentBetween(before: CpuSample | null, after: CpuSample): number {
  if (before === null) return 0;
  const wall = after.wall - before.wall;
  if (wall <= 0) return 0;
  return Math.round(((after.cpu - before.cpu) / wall) * 1000) / 10;
}

function readInfoOptions<A extends ProcessInfoAttr, V>(fn: string, options: InfoOptions<A, V> | undefined) {
  const { attrs, adValue, ...rest } = (options ?? {}) as InfoOptions<A, V>;
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`${fn}: options must be an object`);
  }
  return {
    attrs: attrs === undefined ? undefined : (attrsArgument(fn, attrs) as A[]),
    adValue,
    rest: readOptions(fn, rest, callOptionChecks),
  };
}

/** Processes seen by the previous scan, by identity, so `cpuPercent` carries over from one scan to the next. */
const seenProcesses = new Map<string, Process>();

/**
 * Every process, sorted by pid, each with `info` holding `attrs` (default:
 * all). The whole table is read in one job; processes that vanish meanwhile
 * are skipped, zombies are included, and attributes that raise `AccessDenied`
 * or `ZombieProcess` get `adValue`.
 */
export async function* processIter<A extends ProcessInfoAttr = ProcessInfoAttr, V = null>(
  options?: InfoOptions<A, V>,
): AsyncGenerator<Process & { info: { [K in A]: ProcessInfo[K] | V } }> {
  const { attrs, adValue, rest } = readInfoOptions('processIter', options);
  const wanted = (attrs ?? PROCESS_INFO_ATTRS) as readonly ProcessInfoAttr[];
  const scan = await call('processScan', [backendAttrs(wanted)], rest);
  const total = wanted.includes('memoryPercent') ? await physicalMemory(rest) : 0;
  const alive = new Set<string>();
  const result: Process[] = [];
  for (const read of scan) {
    const key = `${read.pid}-${read.startTime}`;
    alive.add(key);
    const proc = seenProcesses.get(key) ?? Process.fromRead(read);
    seenProcesses.set(key, proc);
    if (Process.refresh(proc, read, wanted, adValue ?? null, total)) result.push(proc);
  }
  for (const key of seenProcesses.keys()) if (!alive.has(key)) seenProcesses.delete(key);
  for (const proc of result) yield proc as Process & { info: { [K in A]: ProcessInfo[K] | V } };
}
