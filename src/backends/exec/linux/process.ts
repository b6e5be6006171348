/**
 * Process inspection for the Linux exec backend: the six process methods of
 * `Backend`, with psutil's Linux semantics, from standard tools only.
 *
 * Everything /proc holds is read in batches, never one spawn per process:
 *
 * 1. `find /proc -mindepth 1 -maxdepth 1 -name '[0-9]*'` lists the processes (scan only).
 * 2. In parallel: one `grep -a -H -e '' -- FILE…` for every per-process file
 *    the attributes need (stat, status, statm, smaps_rollup, io, cmdline,
 *    environ) plus /proc/stat (btime) and
 *    /sys/devices/system/cpu/online; smaps (memoryMaps) in chunks of
 *    {@link SMAPS_CHUNK} processes; one `find … -maxdepth 1 -printf` for the
 *    links (exe, cwd) and the fd and task directories; one `ionice -p PID…`.
 * 3. In parallel, only where step 2 found a need: `getent passwd UID…` (each
 *    distinct uid once), a second grep for fdinfo/<fd>, task/<tid>/stat and
 *    the smaps fallback of memoryFullInfo, `grep -z` for cmdlines that lost
 *    a final newline to the line framing, `find PATH… -maxdepth 0` for the
 *    file checks psutil makes on link targets (open files, ` (deleted)`),
 *    and `find /dev … -exec stat` for the terminal map.
 * 4. Where anything failed: one `find /proc/PID… -maxdepth 0` to tell a
 *    vanished process from a failed read.
 *
 * A scan of N processes is therefore a constant number of spawns (plus one
 * per {@link ARG_BUDGET_BYTES} of file names, and one per smaps chunk); the
 * `ionice` batch reruns from the pid after one that vanished.
 *
 * The setters run one tool each: `renice`, `ionice -c`, `taskset -p -c`,
 * `prlimit` (a get, then the set, so the previous limit can be returned).
 */
import { AccessDenied, CommandFailed, NoSuchProcess, OsError, ParseError } from '../../../api/errors';
import type { ProcessOpenFile, ProcessThread } from '../../../api/process-types';
import type { ProcessAttr, ProcessValues, RawAttrError, RawProcessRead } from '../../process-types';
import { DEFAULT_ROOTS, type HostRoots, rootRebaser, underRoot } from '../../roots';
import type { Backend } from '../../types';
import { type CommandResult, type CommandRunner, formatCommand } from '../runner';
import {
  errnoOfMessage,
  FIND_ENTRY_FORMAT,
  type FileLines,
  type FindResult,
  findMessage,
  parseFailure,
  parseFindEntries,
  parseGrepLines,
  parseGrepRecords,
} from './parsers/batch-output';
import {
  parseSmaps,
  parseSmapsRollup,
  parseSmapsTotals,
  parseStatm,
  type SmapsMapping,
  type SmapsTotals,
} from './parsers/proc-pid-memory';
import {
  type ProcPidStat,
  parseProcPidStat,
  STAT_FIELD,
  statInteger,
  statIsZombie,
  statStatus,
} from './parsers/proc-pid-stat';
import {
  type ProcPidStatus,
  parseCpuList,
  parseProcPidStatus,
  statusCpuAffinity,
  statusCtxSwitches,
  statusIds,
  statusTgid,
} from './parsers/proc-pid-status';
import {
  cmdlineFromRecords,
  cmdlineNeedsRecords,
  fileModeOfFlags,
  joinLines,
  parseCmdline,
  parseEnviron,
  parseFdinfo,
  parseProcPidIo,
} from './parsers/proc-pid-text';
import { parseProcStatBootTime } from './parsers/proc-stat';
import {
  PRLIMIT_RESOURCES,
  parseGetentPasswd,
  parseIoniceLines,
  parsePrlimit,
  parseTerminalMap,
  prlimitValue,
  toolErrno,
} from './parsers/process-tools';
import { parsePidList } from './parsers/ps';

/** The highest pid Linux can hand out (`PID_MAX_LIMIT`); larger ones cannot exist. */
const PID_MAX_LIMIT = 4_194_304;

/** Most bytes of file names one spawn takes: far below ARG_MAX (≥ 128 KiB on every Linux). */
export const ARG_BUDGET_BYTES = 96 * 1024;

/** Processes whose smaps one grep reads (a large process's smaps is megabytes). */
export const SMAPS_CHUNK = 16;

/** Where each attribute comes from in this backend; none is unavailable on Linux. */
export type ProcessCapability =
  | { readonly tools: readonly string[]; readonly source: string }
  | { unavailable: string };

/**
 * The process capability map of the Linux exec backend: per attribute, the
 * tools that provide it and the kernel source they read. No attribute is
 * unavailable: /proc through grep and find covers all of them, `ionice`
 * the I/O priority.
 */
export const PROCESS_CAPABILITIES: Readonly<Record<ProcessAttr, ProcessCapability>> = {
  ppid: { tools: ['grep'], source: '/proc/<pid>/stat field 4' },
  name: { tools: ['grep'], source: '/proc/<pid>/stat comm, completed from /proc/<pid>/cmdline' },
  exe: { tools: ['find'], source: 'readlink /proc/<pid>/exe (find -printf %l)' },
  cmdline: { tools: ['grep'], source: '/proc/<pid>/cmdline (grep -z where a final newline is in doubt)' },
  environ: { tools: ['grep'], source: '/proc/<pid>/environ' },
  createTime: { tools: ['grep', 'getconf'], source: 'btime of /proc/stat + /proc/<pid>/stat field 22 / CLK_TCK' },
  status: { tools: ['grep'], source: '/proc/<pid>/stat field 3' },
  cwd: { tools: ['find'], source: 'readlink /proc/<pid>/cwd (find -printf %l)' },
  username: { tools: ['grep', 'getent'], source: '/proc/<pid>/status Uid (real), getent passwd' },
  uids: { tools: ['grep'], source: '/proc/<pid>/status Uid' },
  gids: { tools: ['grep'], source: '/proc/<pid>/status Gid' },
  terminal: { tools: ['grep', 'find', 'stat'], source: '/proc/<pid>/stat tty_nr, st_rdev of /dev/tty* and /dev/pts/*' },
  nice: { tools: ['grep'], source: '/proc/<pid>/stat field 19' },
  ionice: { tools: ['ionice'], source: 'ioprio_get(2) through ionice -p (idle class: value 0)' },
  ioCounters: { tools: ['grep'], source: '/proc/<pid>/io' },
  numCtxSwitches: { tools: ['grep'], source: '/proc/<pid>/status *ctxt_switches' },
  numFds: { tools: ['find'], source: 'entries of /proc/<pid>/fd' },
  numThreads: { tools: ['grep'], source: '/proc/<pid>/stat field 20' },
  threads: { tools: ['find', 'grep'], source: 'entries of /proc/<pid>/task, their stat fields 14-15' },
  cpuTimes: { tools: ['grep', 'getconf'], source: '/proc/<pid>/stat fields 14-17 and 42 / CLK_TCK' },
  cpuNum: { tools: ['grep'], source: '/proc/<pid>/stat field 39' },
  cpuAffinity: {
    tools: ['grep'],
    source: '/proc/<pid>/status Cpus_allowed_list ∩ /sys/devices/system/cpu/online (what sched_getaffinity reports)',
  },
  memoryInfo: { tools: ['grep', 'getconf'], source: '/proc/<pid>/statm × PAGESIZE' },
  memoryInfoEx: { tools: ['grep', 'getconf'], source: '/proc/<pid>/statm × PAGESIZE' },
  memoryFullInfo: {
    tools: ['grep', 'getconf'],
    source: '/proc/<pid>/statm × PAGESIZE, /proc/<pid>/smaps_rollup (smaps when it fails with ENOENT/ESRCH)',
  },
  pageFaults: { tools: ['grep'], source: '/proc/<pid>/stat fields 10 and 12' },
  openFiles: {
    tools: ['find', 'grep'],
    source: 'readlink /proc/<pid>/fd/*, stat of the target path, /proc/<pid>/fdinfo/<fd>',
  },
  memoryMaps: { tools: ['grep', 'find'], source: '/proc/<pid>/smaps' },
};

/** Tools of the process methods that change a process. */
export const PROCESS_SETTER_TOOLS = {
  processRlimit: ['prlimit'],
  processSetNice: ['renice'],
  processSetIonice: ['ionice'],
  processSetCpuAffinity: ['taskset'],
} as const;

/** The constants a process read needs, read once per backend by its owner. */
export interface ProcessConstants {
  clockTicksPerSecond: () => Promise<number>;
  pageSize: () => Promise<number>;
}

export type LinuxProcessMethods = Pick<
  Backend,
  'processRead' | 'processScan' | 'processRlimit' | 'processSetNice' | 'processSetIonice' | 'processSetCpuAffinity'
>;

type FileKind = 'stat' | 'status' | 'statm' | 'smaps_rollup' | 'io' | 'cmdline' | 'environ';

const GREP_LINES = ['-a', '-H', '--color=never', '-e', '', '--'];
const GREP_RECORDS = ['-a', '-H', '-z', '--color=never', '-e', '', '--'];
const PROC_STAT = '/proc/stat';
const LIST_PIDS = ['/proc', '-mindepth', '1', '-maxdepth', '1', '-name', '[0-9]*', '-printf', '%f\\n'];
const CPU_ONLINE = '/sys/devices/system/cpu/online';
const DELETED = ' (deleted)';

const MEMORY_ATTRS: readonly ProcessAttr[] = ['memoryInfo', 'memoryInfoEx', 'memoryFullInfo'];

/** The per-process files the attributes need (stat always: it gives createTime and zombie). */
function fileKinds(attrs: ReadonlySet<ProcessAttr>, checkTgid: boolean): FileKind[] {
  const kinds: FileKind[] = ['stat'];
  const any = (...names: ProcessAttr[]) => names.some((name) => attrs.has(name));
  if (checkTgid || any('username', 'uids', 'gids', 'numCtxSwitches', 'cpuAffinity')) kinds.push('status');
  if (any(...MEMORY_ATTRS)) kinds.push('statm');
  if (any('memoryFullInfo')) kinds.push('smaps_rollup');
  if (any('ioCounters')) kinds.push('io');
  if (any('cmdline', 'name')) kinds.push('cmdline');
  if (any('environ')) kinds.push('environ');
  return kinds;
}

/** Canonical: rebased onto the procfs root where commands are made (see createLinuxProcessMethods). */
const procPath = (pid: number, file: string) => `/proc/${pid}/${file}`;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Splits `items` into groups whose argument bytes stay within {@link ARG_BUDGET_BYTES}. */
function chunkByBytes<T>(items: readonly T[], bytes: (item: T) => number, maxItems = Number.POSITIVE_INFINITY): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const size = bytes(item);
    if (current.length > 0 && (used + size > ARG_BUDGET_BYTES || current.length >= maxItems)) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** What one read of one process has gathered so far. */
interface ProcState {
  pid: number;
  stat: ProcPidStat;
  createTime: number;
  startTime: number;
  zombie: boolean;
  values: Partial<ProcessValues>;
  errors: Partial<Record<ProcessAttr, RawAttrError>>;
  /** Errors that stand only if the process turns out to be gone (psutil's "raise if not alive"). */
  ifGone: Partial<Record<ProcessAttr, RawAttrError>>;
}

/** Result of a path check (psutil's `isfile_strict` / `path_exists_strict` on a link target). */
type PathKind = { kind: 'file' } | { kind: 'other' } | { kind: 'missing' } | { kind: 'error'; error: RawAttrError };

/** An fd whose link is an absolute path: a candidate for openFiles. */
interface FdLink {
  fd: number;
  link: string;
  /** `%Y` of the fd itself (the open file's type), used when the path cannot be checked by name. */
  type: string;
}

const vanished = (code: string) => code === 'ENOENT' || code === 'ESRCH';

/** The error of a whole-process call, as the native backend maps its own (src/backends/native/errors.ts). */
function processCallError(pid: number, code: string, errno: number, syscall: string): Error {
  if (code === 'ESRCH' || code === 'ENOENT') return new NoSuchProcess(pid);
  if (code === 'EPERM' || code === 'EACCES') return new AccessDenied(pid, null, syscall);
  return new OsError(code, errno, syscall);
}

/** Re-keys `map` with `key` (a no-op map for the identity). */
function rekey<V>(map: Map<string, V>, key: (path: string) => string): Map<string, V> {
  return new Map([...map].map(([path, value]) => [key(path), value]));
}

/**
 * Creates the process methods over `run`, reading under `roots`. Paths are
 * built and looked up in their canonical `/proc/…`, `/sys/…` form throughout
 * this module; `grepFiles`, `findEntries` and the listing rebase them onto
 * the roots (`rootRebaser`), so the default roots run exactly the commands
 * they always did. Error paths name the files actually read.
 */
export function createLinuxProcessMethods(
  run: CommandRunner,
  constants: ProcessConstants,
  roots: HostRoots = DEFAULT_ROOTS,
): LinuxProcessMethods {
  const rebaser = rootRebaser(roots);
  const listPids = [roots.procfs, ...LIST_PIDS.slice(1)];
  const vanishedEntry = new RegExp(
    `^find: '${escapeRegExp(underRoot(roots.procfs, ''))}\\d+': No such file or directory$`,
  );

  /** grep over `files` in chunks; every file gets its lines or its error. */
  async function grepFiles(files: readonly string[], records = false): Promise<Map<string, FileLines>> {
    const result = new Map<string, FileLines>();
    const chunks = chunkByBytes(files.map(rebaser.toHost), (file) => Buffer.byteLength(file) + 1);
    await Promise.all(chunks.map((chunk) => grepChunk(chunk, records, result)));
    return rebaser.identity ? result : rekey(result, rebaser.fromHost);
  }

  async function grepChunk(files: string[], records: boolean, into: Map<string, FileLines>): Promise<void> {
    const args = [...(records ? GREP_RECORDS : GREP_LINES), ...files];
    let output: CommandResult;
    try {
      output = await run('grep', args, { acceptExitCodes: [1, 2] });
    } catch (error) {
      // Past the output bound: halve the batch, down to one file, which then fails alone.
      if (!(error instanceof CommandFailed) || !error.message.includes('more output than')) throw error;
      if (files.length === 1) {
        const path = files[0] as string;
        into.set(path, { ok: false, error: { code: 'EOVERFLOW', errno: 75, syscall: 'grep', path } });
        return;
      }
      const half = Math.ceil(files.length / 2);
      await Promise.all([grepChunk(files.slice(0, half), records, into), grepChunk(files.slice(half), records, into)]);
      return;
    }
    const source = formatCommand('grep', records ? GREP_RECORDS : GREP_LINES);
    const parse = records ? parseGrepRecords : parseGrepLines;
    for (const [file, lines] of parse(output.stdout, output.stderr, files, source)) into.set(file, lines);
  }

  /** `find START… -maxdepth DEPTH -printf '%p\0%l\0%Y\0'` in chunks, merged. */
  async function findEntries(
    starts: readonly string[],
    depth: 0 | 1,
    accept: (path: string) => boolean,
  ): Promise<FindResult> {
    const merged: FindResult = { entries: new Map(), messages: new Map(), order: [] };
    const chunks = chunkByBytes(starts.map(rebaser.toHost), (start) => Buffer.byteLength(start) + 1);
    const results = await Promise.all(
      chunks.map(async (chunk) => {
        const args = [...chunk, '-maxdepth', String(depth), '-printf', FIND_ENTRY_FORMAT];
        const output = await run('find', args, { acceptExitCodes: [1] });
        const found = parseFindEntries(
          output.stdout,
          output.stderr,
          (path) => accept(rebaser.fromHost(path)),
          `find -maxdepth ${depth} -printf`,
        );
        if (rebaser.identity) return found;
        // Messages are keyed by find's quoted path: 'PATH'.
        return {
          entries: rekey(found.entries, rebaser.fromHost),
          messages: rekey(found.messages, (quoted) => `'${rebaser.fromHost(quoted.slice(1))}`),
          order: found.order.map(rebaser.fromHost),
        };
      }),
    );
    for (const result of results) {
      for (const [path, entry] of result.entries) merged.entries.set(path, entry);
      for (const [path, message] of result.messages) if (!merged.messages.has(path)) merged.messages.set(path, message);
      merged.order.push(...result.order);
    }
    return merged;
  }

  /** `ionice -p PID…`: it stops at the first pid it cannot read, so the rest is run again. */
  async function ioniceAll(pids: readonly number[]): Promise<Map<number, ProcessValues['ionice'] | RawAttrError>> {
    const result = new Map<number, ProcessValues['ionice'] | RawAttrError>();
    const chunks = chunkByBytes(pids, (pid) => String(pid).length + 1);
    await Promise.all(
      chunks.map(async (chunk) => {
        let rest = chunk;
        while (rest.length > 0) {
          const args = ['-p', ...rest.map(String)];
          const output = await run('ionice', args, { acceptExitCodes: [1] });
          const lines = parseIoniceLines(output.stdout, formatCommand('ionice', args));
          if (lines.length > rest.length) throw new ParseError('ionice -p', 'more lines than pids');
          for (const [index, line] of lines.entries()) result.set(rest[index] as number, line);
          if (output.exitCode === 0) {
            if (lines.length !== rest.length) throw new ParseError('ionice -p', 'fewer lines than pids');
            break;
          }
          const errno = toolErrno(output.stderr);
          if (errno === null) throw new CommandFailed(formatCommand('ionice', args), 1, null, output.stderr);
          if (errno.code === 'ENOSYS') {
            // No ioprio_get in this kernel: the same answer for every process, without a spawn each.
            for (const pid of rest.slice(lines.length)) result.set(pid, { ...errno, syscall: 'ioprio_get' });
            break;
          }
          result.set(rest[lines.length] as number, { ...errno, syscall: 'ioprio_get' });
          rest = rest.slice(lines.length + 1);
        }
      }),
    );
    return result;
  }

  /** `getent passwd UID…`: exit 2 means some uid has no entry. */
  async function userNames(uids: readonly number[]): Promise<Map<number, string>> {
    if (uids.length === 0) return new Map();
    const args = ['passwd', ...uids.map(String)];
    const output = await run('getent', args, { acceptExitCodes: [2] });
    return parseGetentPasswd(output.stdout, formatCommand('getent', args));
  }

  /** psutil's terminal map: st_rdev → path for /dev/tty* and /dev/pts/*. */
  async function terminalMap(): Promise<Map<number, string>> {
    const args = [
      '/dev',
      '/dev/pts',
      '-mindepth',
      '1',
      '-maxdepth',
      '1',
      '(',
      '-path',
      '/dev/tty*',
      '-o',
      '-path',
      '/dev/pts/*',
      ')',
      '!',
      '-name',
      '.*',
      '-exec',
      'stat',
      '-L',
      '--printf',
      '%t %T %n\\0',
      '{}',
      '+',
    ];
    const output = await run('find', args, { acceptExitCodes: [1] });
    return parseTerminalMap(output.stdout, 'find /dev -exec stat');
  }

  /** psutil's checks on link targets: existence and regular-file-ness, by path, in one find. */
  async function checkPaths(paths: ReadonlySet<string>): Promise<Map<string, PathKind>> {
    const result = new Map<string, PathKind>();
    const starts = [...paths];
    if (starts.length === 0) return result;
    const found = await findEntries(starts, 0, (path) => paths.has(path));
    for (const path of starts) {
      const entry = found.entries.get(path);
      const message = findMessage(found, path);
      const denied = message !== undefined && ['EACCES', 'EPERM'].includes(errnoOfMessage(message).code);
      if (denied) {
        const { code, errno } = errnoOfMessage(message as string);
        result.set(path, { kind: 'error', error: { code, errno, syscall: 'stat', path } });
      } else if (entry === undefined || ['N', 'L', '?'].includes(entry.type)) {
        result.set(path, { kind: 'missing' });
      } else {
        result.set(path, { kind: entry.type === 'f' ? 'file' : 'other' });
      }
    }
    return result;
  }

  /** Which of `pids` still have a /proc entry. */
  async function stillExisting(pids: readonly number[]): Promise<Set<number>> {
    if (pids.length === 0) return new Set();
    const starts = pids.map((pid) => `/proc/${pid}`);
    const wanted = new Set(starts);
    const found = await findEntries(starts, 0, (path) => wanted.has(path));
    return new Set(pids.filter((pid) => found.entries.has(`/proc/${pid}`)));
  }

  /**
   * btime, read with every batch as psutil and the native backend read it:
   * it moves when the clock is stepped, and createTime moves with it.
   */
  function readBootTime(files: Map<string, FileLines>): number {
    const lines = files.get(PROC_STAT);
    if (lines === undefined) throw new ParseError('grep /proc/stat', 'no result for /proc/stat');
    if (!lines.ok) throw new OsError(lines.error.code, lines.error.errno, lines.error.syscall, PROC_STAT);
    return parseProcStatBootTime(joinLines(lines.lines), 'grep /proc/stat');
  }

  /**
   * Reads `attrs` of `pids`. In `read` mode a missing stat, or a pid that
   * is a thread id, throws NoSuchProcess; in `scan` mode such pids are
   * dropped, and so are processes gone by the end of the read.
   */
  async function readProcesses(
    pids: readonly number[],
    attrList: readonly ProcessAttr[],
    mode: 'read' | 'scan',
  ): Promise<RawProcessRead[]> {
    const attrs = new Set(attrList);
    const has = (attr: ProcessAttr) => attrs.has(attr);
    const kinds = fileKinds(attrs, mode === 'read');
    const mainFiles: string[] = [PROC_STAT];
    if (has('cpuAffinity')) mainFiles.push(CPU_ONLINE);
    for (const pid of pids) for (const kind of kinds) mainFiles.push(procPath(pid, kind));

    const linkStarts: string[] = [];
    const linkDirs = new Set<string>();
    for (const pid of pids) {
      if (has('exe')) linkStarts.push(procPath(pid, 'exe'));
      if (has('cwd')) linkStarts.push(procPath(pid, 'cwd'));
      if (has('numFds') || has('openFiles')) linkDirs.add(procPath(pid, 'fd'));
      if (has('threads')) linkDirs.add(procPath(pid, 'task'));
    }
    linkStarts.push(...linkDirs);
    const linkStartSet = new Set(linkStarts);
    const acceptLink = (path: string) => {
      if (linkStartSet.has(path)) return true;
      const slash = path.lastIndexOf('/');
      return linkDirs.has(path.slice(0, slash)) && /^\d+$/.test(path.slice(slash + 1));
    };

    const [hz, pageSize, files, smaps, links, ionice] = await Promise.all([
      constants.clockTicksPerSecond(),
      attrs.has('memoryInfo') || attrs.has('memoryInfoEx') || attrs.has('memoryFullInfo')
        ? constants.pageSize()
        : Promise.resolve(0),
      grepFiles(mainFiles),
      has('memoryMaps') ? readSmaps(pids) : Promise.resolve(new Map<string, FileLines>()),
      linkStarts.length > 0 ? findEntries(linkStarts, 1, acceptLink) : Promise.resolve(null),
      has('ionice') ? ioniceAll(pids) : Promise.resolve(new Map<number, ProcessValues['ionice'] | RawAttrError>()),
    ]);
    const btime = readBootTime(files);

    // Step 1: stat, which every read needs; a process without one is gone.
    const states: ProcState[] = [];
    for (const pid of pids) {
      const statPath = procPath(pid, 'stat');
      const stat = files.get(statPath);
      if (stat === undefined || !stat.ok) {
        if (mode === 'scan') continue;
        const error = stat?.ok === false ? stat.error : { code: 'ENOENT', errno: 2, syscall: 'open', path: statPath };
        throw processCallError(pid, error.code, error.errno, error.syscall);
      }
      const parsed = parseProcPidStat(joinLines(stat.lines), statPath);
      if (mode === 'read') assertProcessNotThread(pid, files.get(procPath(pid, 'status')));
      const starttime = statInteger(parsed, STAT_FIELD.starttime, statPath);
      states.push({
        pid,
        stat: parsed,
        // The same operations, in the same order, as the native backend: identical doubles.
        createTime: btime + starttime / hz,
        startTime: starttime / hz,
        zombie: statIsZombie(parsed),
        values: {},
        errors: {},
        ifGone: {},
      });
    }

    // Step 2: the second round of reads, each only where needed.
    const plan = planSecondRound(states, attrs, files, links, smaps);
    const [names, extra, records, paths, terminals] = await Promise.all([
      has('username') ? userNames([...plan.uids]) : Promise.resolve(new Map<number, string>()),
      plan.extraFiles.length > 0 ? grepFiles(plan.extraFiles) : Promise.resolve(new Map<string, FileLines>()),
      plan.cmdlineRecords.length > 0
        ? grepFiles(plan.cmdlineRecords, true)
        : Promise.resolve(new Map<string, FileLines>()),
      checkPaths(plan.paths),
      plan.terminals ? terminalMap() : Promise.resolve(new Map<number, string>()),
    ]);

    // Step 3: every value.
    const online = has('cpuAffinity') ? onlineCpus(files.get(CPU_ONLINE)) : null;
    const maps = plan.maps;
    const context: ValueContext = { files, extra, records, links, maps, paths, names, terminals, online, ionice };
    for (const state of states) {
      for (const attr of attrs) {
        try {
          computeValue(state, attr, context, { hz, pageSize });
        } catch (error) {
          if (!(error instanceof ParseError)) throw error;
          state.errors[attr] = parseFailure(error.source);
        }
      }
    }

    // Step 4: after any failure, whether the process is still there.
    const doubtful = states
      .filter((state) => Object.keys(state.errors).length > 0 || Object.keys(state.ifGone).length > 0)
      .map((state) => state.pid);
    const alive = await stillExisting(doubtful);
    const checked = new Set(doubtful);
    const reads: RawProcessRead[] = [];
    for (const state of states) {
      const exists = !checked.has(state.pid) || alive.has(state.pid);
      if (!exists) {
        if (mode === 'scan') continue;
        for (const [attr, error] of Object.entries(state.ifGone) as [ProcessAttr, RawAttrError][]) {
          delete state.values[attr];
          state.errors[attr] ??= error;
        }
      }
      reads.push({
        pid: state.pid,
        createTime: state.createTime,
        startTime: state.startTime,
        zombie: state.zombie,
        values: state.values,
        errors: state.errors,
        exists,
      });
    }
    return reads;
  }

  /** smaps of `pids`, {@link SMAPS_CHUNK} processes a grep. */
  async function readSmaps(pids: readonly number[]): Promise<Map<string, FileLines>> {
    const result = new Map<string, FileLines>();
    const chunks = chunkByBytes(pids, (pid) => procPath(pid, 'smaps').length + 1, SMAPS_CHUNK);
    const parts = await Promise.all(chunks.map((chunk) => grepFiles(chunk.map((pid) => procPath(pid, 'smaps')))));
    for (const part of parts) for (const [file, lines] of part) result.set(file, lines);
    return result;
  }

  return {
    processRead(pid: number, attrs: readonly ProcessAttr[]): Promise<RawProcessRead> {
      if (pid === 0 || pid > PID_MAX_LIMIT) return Promise.reject(new NoSuchProcess(pid));
      return readProcesses([pid], attrs, 'read').then((reads) => reads[0] as RawProcessRead);
    },

    async processScan(attrs: readonly ProcessAttr[]): Promise<RawProcessRead[]> {
      // /proc's numeric entries, as psutil's pids(): a readdir, where `ps -e`
      // would read files of every process (25 ms against 9 ms at 80 processes).
      const listing = await run('find', listPids, { acceptExitCodes: [1] });
      // find complains about a process that ended while it listed /proc; any other complaint is a failure.
      const complaints = listing.stderr.split('\n').filter((line) => line !== '' && !vanishedEntry.test(line));
      if (listing.exitCode !== 0 && complaints.length > 0) {
        throw new CommandFailed(formatCommand('find', listPids), listing.exitCode, null, listing.stderr);
      }
      const pids = parsePidList(listing.stdout, formatCommand('find', listPids))
        .filter((pid) => pid !== listing.pid)
        .sort((a, b) => a - b);
      return readProcesses(pids, attrs, 'scan');
    },

    async processRlimit(pid, resource, limits) {
      const name = PRLIMIT_RESOURCES[resource];
      if (name === undefined) throw new OsError('EINVAL', 22, 'prlimit');
      assertTargetPid(pid);
      const getArgs = ['--pid', String(pid), `--${name}`, '--output=SOFT,HARD', '--raw', '--noheadings'];
      const before = await runSetter(run, 'prlimit', getArgs, pid, 'prlimit');
      const previous = parsePrlimit(before.stdout, formatCommand('prlimit', getArgs));
      if (limits !== undefined) {
        const value = `${prlimitValue(limits[0])}:${prlimitValue(limits[1])}`;
        await runSetter(run, 'prlimit', ['--pid', String(pid), `--${name}=${value}`], pid, 'prlimit');
      }
      return previous;
    },

    async processSetNice(pid, value) {
      assertTargetPid(pid);
      const args = ['-n', String(value), '-p', String(pid)];
      const output = await runSetter(run, 'renice', args, pid, 'setpriority');
      // util-linux prints "PID (process ID) old priority X, new priority Y": a
      // renice that took -n as an increment would show another Y.
      const match = /new priority (-?\d+)/.exec(output.stdout);
      if (match && Number(match[1]) !== value) {
        throw new CommandFailed(formatCommand('renice', args), 0, null, '', `set priority ${match[1]}, not ${value}`);
      }
    },

    async processSetIonice(pid, ioclass, value) {
      assertTargetPid(pid);
      // ionice takes a level only for the realtime and best-effort classes.
      const level = ioclass === 1 || ioclass === 2 ? ['-n', String(value)] : [];
      await runSetter(run, 'ionice', ['-c', String(ioclass), ...level, '-p', String(pid)], pid, 'ioprio_set');
    },

    async processSetCpuAffinity(pid, cpus) {
      assertTargetPid(pid);
      await runSetter(run, 'taskset', ['-p', '-c', cpus.join(','), String(pid)], pid, 'sched_setaffinity');
    },
  };
}

/** pid 0 means "the caller" to these tools; no process has it, nor a pid above the limit. */
function assertTargetPid(pid: number): void {
  if (pid === 0 || pid > PID_MAX_LIMIT) throw new NoSuchProcess(pid);
}

/**
 * Runs a setter tool; a failure (exit 1) becomes the error of the errno its
 * message ends with, mapped as the native backend maps the syscall's.
 */
async function runSetter(
  run: CommandRunner,
  tool: string,
  args: readonly string[],
  pid: number,
  syscall: string,
): Promise<CommandResult> {
  const output = await run(tool, args, { acceptExitCodes: [1] });
  if (output.exitCode === 0) return output;
  // prlimit refuses a soft limit above the hard one itself, as prlimit(2) would with EINVAL.
  const errno = output.stderr.includes('cannot exceed the hard limit')
    ? { code: 'EINVAL', errno: 22 }
    : toolErrno(output.stderr);
  if (errno === null) throw new CommandFailed(formatCommand(tool, args), 1, null, output.stderr);
  const failedGet = /failed to get/.test(output.stderr);
  const name = failedGet ? syscall.replace('set', 'get') : syscall;
  throw processCallError(pid, errno.code, errno.errno, name);
}

/** A thread id has a /proc entry too, but it is not a process: its Tgid is another pid. */
function assertProcessNotThread(pid: number, status: FileLines | undefined): void {
  if (status === undefined || !status.ok) {
    if (status?.ok === false && !vanished(status.error.code)) {
      throw processCallError(pid, status.error.code, status.error.errno, status.error.syscall);
    }
    throw new NoSuchProcess(pid);
  }
  const path = procPath(pid, 'status');
  if (statusTgid(parseProcPidStatus(status.lines), path) !== pid) throw new NoSuchProcess(pid);
}

function onlineCpus(lines: FileLines | undefined): number[] | RawAttrError {
  if (lines === undefined) return parseFailure(CPU_ONLINE);
  if (!lines.ok) return lines.error;
  try {
    return parseCpuList(joinLines(lines.lines), CPU_ONLINE);
  } catch {
    return parseFailure(CPU_ONLINE);
  }
}

/** What the second round must read, gathered from the first. */
interface SecondRound {
  /** smaps parsed once, by pid (or the error that stands for memoryMaps). */
  maps: Map<number, SmapsMapping[] | RawAttrError>;
  uids: Set<number>;
  extraFiles: string[];
  cmdlineRecords: string[];
  paths: Set<string>;
  terminals: boolean;
}

const isCheckable = (path: string) => path.startsWith('/') && !path.includes('\uFFFD');

function planSecondRound(
  states: readonly ProcState[],
  attrs: ReadonlySet<ProcessAttr>,
  files: ReadonlyMap<string, FileLines>,
  links: FindResult | null,
  smaps: ReadonlyMap<string, FileLines>,
): SecondRound {
  const plan: SecondRound = {
    maps: new Map(),
    uids: new Set(),
    extraFiles: [],
    cmdlineRecords: [],
    paths: new Set(),
    terminals: false,
  };
  const deletedCheck = (path: string) => {
    if (path.endsWith(DELETED) && isCheckable(path)) plan.paths.add(path);
  };
  for (const { pid, stat } of states) {
    const status = files.get(procPath(pid, 'status'));
    if (attrs.has('username') && status?.ok) {
      try {
        plan.uids.add(statusIds(parseProcPidStatus(status.lines), 'Uid', procPath(pid, 'status')).real);
      } catch (error) {
        if (!(error instanceof ParseError)) throw error; // reported by the username value itself
      }
    }
    if (attrs.has('terminal') && (stat.fields[STAT_FIELD.ttyNr] ?? '0') !== '0') plan.terminals = true;
    const cmdline = files.get(procPath(pid, 'cmdline'));
    const needsCmdline = attrs.has('cmdline') || (attrs.has('name') && codePoints(stat.comm) >= 15);
    if (needsCmdline && cmdline?.ok && cmdlineNeedsRecords(joinLines(cmdline.lines))) {
      plan.cmdlineRecords.push(procPath(pid, 'cmdline'));
    }
    if (attrs.has('memoryFullInfo')) {
      const rollup = files.get(procPath(pid, 'smaps_rollup'));
      if (rollup?.ok === false && vanished(rollup.error.code)) plan.extraFiles.push(procPath(pid, 'smaps'));
    }
    if (links !== null) {
      for (const name of ['exe', 'cwd']) {
        const link = links.entries.get(procPath(pid, name))?.link;
        if (link) deletedCheck(link);
      }
      if (attrs.has('openFiles')) {
        for (const fd of fdLinks(pid, links)) {
          if (!fd.link.startsWith('/')) continue;
          plan.extraFiles.push(procPath(pid, `fdinfo/${fd.fd}`));
          if (!isCheckable(fd.link)) continue;
          plan.paths.add(fd.link);
          if (fd.link.endsWith(DELETED)) plan.paths.add(fd.link.slice(0, -DELETED.length));
        }
      }
      if (attrs.has('threads')) {
        for (const tid of dirChildren(links, procPath(pid, 'task')))
          plan.extraFiles.push(procPath(pid, `task/${tid}/stat`));
      }
    }
    if (attrs.has('memoryMaps')) {
      const path = procPath(pid, 'smaps');
      const read = smaps.get(path);
      let maps: SmapsMapping[] | RawAttrError;
      try {
        maps = read === undefined ? parseFailure(path) : read.ok ? parseSmaps(read.lines, path) : read.error;
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        maps = parseFailure(path);
      }
      plan.maps.set(pid, maps);
      if (Array.isArray(maps)) for (const map of maps) deletedCheck(map.path);
    }
  }
  return plan;
}

function codePoints(text: string): number {
  return [...text].length;
}

/** Names (digits) of the entries find printed under `dir`, in directory order. */
function dirChildren(links: FindResult, dir: string): string[] {
  const prefix = `${dir}/`;
  return links.order.filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length));
}

/** Every fd find printed under /proc/<pid>/fd with its link and type. */
function fdLinks(pid: number, links: FindResult): FdLink[] {
  const dir = procPath(pid, 'fd');
  return dirChildren(links, dir).map((name) => {
    const entry = links.entries.get(`${dir}/${name}`);
    return { fd: Number(name), link: entry?.link ?? '', type: entry?.type ?? '?' };
  });
}

/** Everything the values are computed from. */
interface ValueContext {
  files: ReadonlyMap<string, FileLines>;
  extra: ReadonlyMap<string, FileLines>;
  records: ReadonlyMap<string, FileLines>;
  links: FindResult | null;
  maps: ReadonlyMap<number, SmapsMapping[] | RawAttrError>;
  paths: ReadonlyMap<string, PathKind>;
  names: ReadonlyMap<number, string>;
  terminals: ReadonlyMap<number, string>;
  online: number[] | RawAttrError | null;
  ionice: ReadonlyMap<number, ProcessValues['ionice'] | RawAttrError>;
}

/** A value, or the error that stands for it. */
type Outcome<T> = { value: T } | { error: RawAttrError };

const isError = (value: unknown): value is RawAttrError =>
  typeof value === 'object' && value !== null && 'code' in value && 'syscall' in value;

/** The lines of a file, or throws its error wrapped so computeValue can record it. */
class AttrFailure extends Error {
  constructor(readonly error: RawAttrError) {
    super(error.code);
  }
}

function linesOf(map: ReadonlyMap<string, FileLines>, path: string): string[] {
  const result = map.get(path);
  if (result === undefined) throw new AttrFailure(parseFailure(path));
  if (!result.ok) throw new AttrFailure(result.error);
  return result.lines;
}

/** psutil's readlink(): a target ending in ` (deleted)` that does not exist by that name loses the suffix. */
function undeleted(link: string, paths: ReadonlyMap<string, PathKind>): Outcome<string> {
  if (!link.endsWith(DELETED)) return { value: link };
  const check = paths.get(link);
  if (check?.kind === 'error') return { error: check.error };
  if (check?.kind === 'file' || check?.kind === 'other') return { value: link };
  return { value: link.slice(0, -DELETED.length) };
}

/** The link of /proc/<pid>/<name> from find, or the error find gave for it. */
function readLink(pid: number, name: string, links: FindResult | null): Outcome<string> {
  const path = procPath(pid, name);
  const entry = links?.entries.get(path);
  if (entry !== undefined && entry.link !== '') return { value: entry.link };
  const message = links === null ? undefined : findMessage(links, path);
  const { code, errno } = message === undefined ? { code: 'ENOENT', errno: 2 } : errnoOfMessage(message);
  return { error: { code, errno, syscall: 'readlink', path } };
}

function computeValue(
  state: ProcState,
  attr: ProcessAttr,
  context: ValueContext,
  units: { hz: number; pageSize: number },
): void {
  try {
    const value = attrValueOf(state, attr, context, units);
    if (value !== undefined) (state.values as Record<string, unknown>)[attr] = value;
  } catch (error) {
    if (!(error instanceof AttrFailure)) throw error;
    state.errors[attr] = error.error;
  }
}

/** The value of `attr`; records soft errors in `state.ifGone`; throws AttrFailure or ParseError. */
function attrValueOf(
  state: ProcState,
  attr: ProcessAttr,
  context: ValueContext,
  units: { hz: number; pageSize: number },
): ProcessValues[ProcessAttr] | undefined {
  const { pid, stat } = state;
  const statPath = procPath(pid, 'stat');
  const int = (field: number) => statInteger(stat, field, statPath);
  const status = () => {
    const path = procPath(pid, 'status');
    return { status: parseProcPidStatus(linesOf(context.files, path)) as ProcPidStatus, path };
  };
  const statm = () =>
    parseStatm(linesOf(context.files, procPath(pid, 'statm')), units.pageSize, procPath(pid, 'statm'));
  switch (attr) {
    case 'ppid':
      return int(STAT_FIELD.ppid);
    case 'name':
      return processName(state, context);
    case 'exe':
    case 'cwd':
      return linkValue(state, attr, context);
    case 'cmdline':
      return parseCmdline(cmdlineContent(pid, context));
    case 'environ':
      return parseEnviron(joinLines(linesOf(context.files, procPath(pid, 'environ'))));
    case 'createTime':
      return state.createTime;
    case 'status':
      return statStatus(stat, statPath);
    case 'username': {
      const { status: s, path } = status();
      const uid = statusIds(s, 'Uid', path).real;
      return context.names.get(uid) ?? String(uid);
    }
    case 'uids': {
      const { status: s, path } = status();
      return statusIds(s, 'Uid', path);
    }
    case 'gids': {
      const { status: s, path } = status();
      return statusIds(s, 'Gid', path);
    }
    case 'terminal': {
      // tty_nr 0 is "no controlling terminal" (no tty device has number 0).
      const ttyNr = int(STAT_FIELD.ttyNr);
      return ttyNr === 0 ? null : (context.terminals.get(ttyNr) ?? null);
    }
    case 'nice':
      return int(STAT_FIELD.nice);
    case 'ionice': {
      const found = context.ionice.get(pid);
      if (found === undefined) throw new AttrFailure(parseFailure('ionice -p'));
      if (isError(found)) throw new AttrFailure(found);
      return found;
    }
    case 'ioCounters':
      return parseProcPidIo(linesOf(context.files, procPath(pid, 'io')), procPath(pid, 'io'));
    case 'numCtxSwitches': {
      const { status: s, path } = status();
      return statusCtxSwitches(s, path);
    }
    case 'numFds':
      return fdEntries(pid, context.links).length;
    case 'numThreads':
      return int(STAT_FIELD.numThreads);
    case 'threads':
      return threads(state, context, units.hz);
    case 'cpuTimes':
      return {
        user: int(STAT_FIELD.utime) / units.hz,
        system: int(STAT_FIELD.stime) / units.hz,
        childrenUser: int(STAT_FIELD.cutime) / units.hz,
        childrenSystem: int(STAT_FIELD.cstime) / units.hz,
        // Kernels (or gVisor) without field 42 give 0, as psutil (#2455).
        iowait:
          stat.fields.length > STAT_FIELD.delayacctBlkioTicks ? int(STAT_FIELD.delayacctBlkioTicks) / units.hz : 0,
      };
    case 'cpuNum':
      return int(STAT_FIELD.processor);
    case 'cpuAffinity': {
      const { status: s, path } = status();
      if (context.online === null || isError(context.online)) {
        throw new AttrFailure(isError(context.online) ? context.online : parseFailure(CPU_ONLINE));
      }
      return statusCpuAffinity(s, context.online, path);
    }
    case 'memoryInfo': {
      const { lib: _lib, dirty: _dirty, ...info } = statm();
      return info;
    }
    case 'memoryInfoEx':
      return statm();
    case 'memoryFullInfo': {
      const { lib: _lib, dirty: _dirty, ...info } = statm();
      return { ...info, ...smapsTotals(pid, context) };
    }
    case 'pageFaults':
      return { minor: int(STAT_FIELD.minflt), major: int(STAT_FIELD.majflt) };
    case 'openFiles':
      return openFiles(state, context);
    case 'memoryMaps': {
      const maps = context.maps.get(pid) ?? parseFailure(procPath(pid, 'smaps'));
      if (isError(maps)) throw new AttrFailure(maps);
      return maps.map((map) => ({ ...map, path: unwrap(undeleted(map.path, context.paths)) }));
    }
  }
}

/**
 * psutil's exe and cwd: the link, with the ` (deleted)` rule. A link that
 * cannot be read for ENOENT/ESRCH is '' while the process exists and is
 * not a zombie (kernel threads have no executable); a zombie's fails.
 */
function linkValue(state: ProcState, attr: 'exe' | 'cwd', context: ValueContext): string {
  const link = readLink(state.pid, attr, context.links);
  if ('error' in link) {
    if (!vanished(link.error.code) || state.zombie) throw new AttrFailure(link.error);
    state.ifGone[attr] = link.error;
    return '';
  }
  return unwrap(undeleted(link.value, context.paths));
}

function unwrap<T>(outcome: Outcome<T>): T {
  if ('error' in outcome) throw new AttrFailure(outcome.error);
  return outcome.value;
}

/** The cmdline content, exact: the grep -z records where the line framing may have lost a final newline. */
function cmdlineContent(pid: number, context: ValueContext): string {
  const path = procPath(pid, 'cmdline');
  const content = joinLines(linesOf(context.files, path));
  const records = context.records.get(path);
  return records?.ok ? cmdlineFromRecords(records.lines) : content;
}

/**
 * psutil's name: the comm, or, when the comm has 15 characters or more (the
 * kernel cuts it at 15 bytes), the basename of cmdline[0] if it starts with
 * the comm. A cmdline that cannot be read leaves the comm, unless the
 * process is gone.
 */
function processName(state: ProcState, context: ValueContext): string {
  const comm = state.stat.comm;
  if (codePoints(comm) < 15) return comm;
  let cmdline: string[];
  try {
    cmdline = parseCmdline(cmdlineContent(state.pid, context));
  } catch (error) {
    if (error instanceof AttrFailure && vanished(error.error.code)) state.ifGone.name = error.error;
    if (error instanceof AttrFailure || error instanceof ParseError) return comm;
    throw error;
  }
  const first = cmdline[0];
  if (first === undefined) return comm;
  const base = first.slice(first.lastIndexOf('/') + 1);
  return base.startsWith(comm) ? base : comm;
}

/** The fd names of /proc/<pid>/fd: the ones find printed and the ones it listed but saw vanish. */
function fdEntries(pid: number, links: FindResult | null): string[] {
  const dir = procPath(pid, 'fd');
  const message = links === null ? undefined : findMessage(links, dir);
  if (links === null || !links.entries.has(dir) || message !== undefined) {
    const { code, errno } = message === undefined ? { code: 'ENOENT', errno: 2 } : errnoOfMessage(message);
    throw new AttrFailure({ code, errno, syscall: 'opendir', path: dir });
  }
  const names = dirChildren(links, dir);
  const seen = new Set(names);
  for (const quoted of links.messages.keys()) {
    const match = /^'\/proc\/\d+\/fd\/(\d+)'$/.exec(quoted);
    if (match && quoted.startsWith(`'${dir}/`) && !seen.has(match[1] as string)) {
      seen.add(match[1] as string);
      names.push(match[1] as string);
    }
  }
  return names;
}

function threads(state: ProcState, context: ValueContext, hz: number): ProcessThread[] {
  const { pid } = state;
  const links = context.links;
  const dir = procPath(pid, 'task');
  const message = links === null ? undefined : findMessage(links, dir);
  if (links === null || !links.entries.has(dir) || message !== undefined) {
    const { code, errno } = message === undefined ? { code: 'ENOENT', errno: 2 } : errnoOfMessage(message);
    throw new AttrFailure({ code, errno, syscall: 'opendir', path: dir });
  }
  const result: ProcessThread[] = [];
  // By thread id, as the native backend orders them (psutil sorts the names
  // as strings, which puts 22182 before 8043).
  const tids = dirChildren(links, dir)
    .map(Number)
    .sort((a, b) => a - b);
  for (const tid of tids) {
    const path = procPath(pid, `task/${tid}/stat`);
    const read = context.extra.get(path);
    if (read === undefined || !read.ok) {
      const error = read?.ok === false ? read.error : parseFailure(path);
      if (!vanished(error.code)) throw new AttrFailure(error);
      // A thread that ended meanwhile is skipped; the list stands if the process does.
      state.ifGone.threads = error;
      continue;
    }
    const stat = parseProcPidStat(joinLines(read.lines), path);
    result.push({
      id: tid,
      userTime: statInteger(stat, STAT_FIELD.utime, path) / hz,
      systemTime: statInteger(stat, STAT_FIELD.stime, path) / hz,
    });
  }
  return result;
}

function smapsTotals(pid: number, context: ValueContext): SmapsTotals {
  const rollupPath = procPath(pid, 'smaps_rollup');
  const rollup = context.files.get(rollupPath);
  if (rollup?.ok) return parseSmapsRollup(rollup.lines, rollupPath);
  if (rollup === undefined || !vanished(rollup.error.code)) {
    throw new AttrFailure(rollup?.ok === false ? rollup.error : parseFailure(rollupPath));
  }
  // psutil: smaps_rollup fails with ENOENT/ESRCH for some live processes (kernel threads); smaps then.
  const smapsPath = procPath(pid, 'smaps');
  return parseSmapsTotals(linesOf(context.extra, smapsPath), smapsPath);
}

/**
 * psutil's open_files: fds whose link is an absolute path that is a
 * regular file (checked by that path), with position and flags from fdinfo.
 * An fd that closes meanwhile is skipped; any other failure fails the list.
 */
function openFiles(state: ProcState, context: ValueContext): ProcessOpenFile[] {
  const { pid } = state;
  const links = context.links;
  fdEntries(pid, links);
  const result: ProcessOpenFile[] = [];
  for (const fd of fdLinks(pid, links as FindResult)) {
    const fdPath = procPath(pid, `fd/${fd.fd}`);
    if (fd.link === '') {
      const message = findMessage(links as FindResult, fdPath);
      const { code, errno } = message === undefined ? { code: 'ENOENT', errno: 2 } : errnoOfMessage(message);
      if (vanished(code)) {
        state.ifGone.openFiles = { code, errno, syscall: 'readlink', path: fdPath };
        continue;
      }
      if (code === 'EINVAL' || code === 'ENAMETOOLONG') continue;
      throw new AttrFailure({ code, errno, syscall: 'readlink', path: fdPath });
    }
    if (!fd.link.startsWith('/')) continue;
    const path = isCheckable(fd.link) ? unwrap(undeleted(fd.link, context.paths)) : fd.link;
    if (!isRegularFile(path, fd, context.paths)) continue;
    const infoPath = procPath(pid, `fdinfo/${fd.fd}`);
    const info = context.extra.get(infoPath);
    if (info === undefined || !info.ok) {
      const error = info?.ok === false ? info.error : parseFailure(infoPath);
      if (!vanished(error.code)) throw new AttrFailure(error);
      state.ifGone.openFiles = error;
      continue;
    }
    const { position, flags } = parseFdinfo(info.lines, infoPath);
    const mode = fileModeOfFlags(flags);
    if (mode === null) throw new AttrFailure(parseFailure(infoPath));
    result.push({ path, fd: fd.fd, position, mode, flags });
  }
  return result;
}

/**
 * psutil's isfile_strict(path). A path that is not valid UTF-8 cannot be
 * handed back to a tool by name (it was decoded with U+FFFD), so the type of
 * the open file itself decides, minus deleted files.
 */
function isRegularFile(path: string, fd: FdLink, paths: ReadonlyMap<string, PathKind>): boolean {
  if (!isCheckable(fd.link)) return fd.type === 'f' && !fd.link.endsWith(DELETED);
  const check = paths.get(path);
  if (check?.kind === 'error') throw new AttrFailure(check.error);
  return check?.kind === 'file';
}
