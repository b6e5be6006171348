/**
 * The exec backend on Linux: every value from standard tools run through one
 * {@link CommandRunner}, parsed by the pure functions of `./parsers`. One
 * spawn per call wherever one suffices; the two constants (CLK_TCK and the
 * page size) are read once per backend and cached.
 *
 * Where no tool prints a figure (per-CPU jiffies, active/inactive/slab memory)
 * the file itself is read with `cat`, which is still one spawn and keeps the
 * backend free of direct file access, so a fixture runner can serve it all.
 */
import { CommandFailed } from '../../../api/errors';
import { DEFAULT_ROOTS, type HostRoots, underRoot } from '../../roots';
import type {
  Backend,
  RawCpuFreq,
  RawCpuStats,
  RawCpuTimes,
  RawCpuTimesAll,
  RawSwapMemory,
  RawUser,
  RawVirtualMemory,
} from '../../types';
import type { CommandRunner, RunOptions } from '../runner';
import { createLinuxDiskMethods } from './disk';
import { anyName, checkFindResult, GREP_FILES, globLiteral } from './find-args';
import { createLinuxNetMethods } from './net';
import {
  CPUFREQ_FILE_NAMES,
  countTopologyCores,
  cpuFreqFromCpuinfo,
  cpuFreqFromSysfs,
  parseProcessorCount,
} from './parsers/cpu-sysfs';
import { parseGetconfPositiveInteger } from './parsers/getconf';
import { parseLoadAvg } from './parsers/loadavg';
import {
  countPhysicalCores,
  LSCPU_FREQ_COLUMNS,
  LSCPU_TOPOLOGY_COLUMNS,
  lscpuArgs,
  parseLscpuFrequencies,
  parseLscpuTopology,
} from './parsers/lscpu';
import { parseVirtualMemory } from './parsers/meminfo';
import {
  type CpuTicks,
  parseProcStatBootTime,
  parseProcStatCounters,
  parseProcStatCpuTicks,
} from './parsers/proc-stat';
import { parsePidList, parsePidPresence } from './parsers/ps';
import { parseSysfsDump } from './parsers/sensors-sysfs';
import { parseSwapMemory } from './parsers/swap';
import { parseWhoUsers } from './parsers/who';
import { createLinuxProcessMethods } from './process';
import { createLinuxSensorMethods } from './sensors';

/**
 * The highest pid Linux can ever hand out (`PID_MAX_LIMIT`, 2^22 on 64-bit).
 * Larger pids cannot exist; `ps -p` would reject them as a syntax error.
 */
export const LINUX_PID_MAX_LIMIT = 4_194_304;

/** The Linux exec backend; `users` also accepts a utmp file path, for tests. */
export interface LinuxExecBackend extends Backend {
  users(utmpPath?: string): Promise<RawUser[]>;
}

type Command = readonly [string, readonly string[]];

/**
 * Every command this backend runs, with the files under `procfs` (the
 * default roots give exactly `/proc/stat`, `/proc/loadavg`, …).
 */
function commandsFor(procfs: string) {
  const proc = (file: string) => underRoot(procfs, file);
  return {
    procStat: ['cat', [proc('stat')]],
    loadavg: ['cat', [proc('loadavg')]],
    // `free -b` lacks active, inactive and slab: one `cat` gives every field in one spawn.
    meminfo: ['cat', [proc('meminfo')]],
    // Swap sizes and pswpin/pswpout in one spawn; `swapon`/`free` lack the counters.
    meminfoAndVmstat: ['cat', [proc('meminfo'), proc('vmstat')]],
    lscpuTopology: ['lscpu', lscpuArgs(LSCPU_TOPOLOGY_COLUMNS)],
    lscpuFreq: ['lscpu', lscpuArgs(LSCPU_FREQ_COLUMNS)],
    pids: ['ps', ['-e', '-o', 'pid=']],
  } as const satisfies Record<string, Command>;
}

/** `grep -c` of cpuinfo's `processor` lines (what the native collector counts under another root). */
function processorCountCommand(procfs: string): Command {
  return ['grep', ['-c', '-s', '^processor[[:space:]]*:', underRoot(procfs, 'cpuinfo')]];
}

/** Every CPU's `topology/{core_cpus_list,thread_siblings_list}` under `sysfs`, dumped with grep. */
function topologyCommand(sysfs: string): Command {
  const cpuDir = underRoot(sysfs, 'devices/system/cpu');
  return [
    'find',
    [
      cpuDir,
      '-mindepth',
      '3',
      '-maxdepth',
      '3',
      '-path',
      `${globLiteral(cpuDir)}/cpu[0-9]*/topology/*`,
      ...anyName(['core_cpus_list', 'thread_siblings_list']),
      ...GREP_FILES,
    ],
  ];
}

/** The cpufreq files of every policy (or, on old kernels, every CPU), and each CPU's `online`, dumped with grep. */
function cpufreqCommand(sysfs: string): Command {
  const cpuDir = underRoot(sysfs, 'devices/system/cpu');
  const at = globLiteral(cpuDir);
  return [
    'find',
    [
      cpuDir,
      '-mindepth',
      '2',
      '-maxdepth',
      '3',
      '(',
      '-path',
      `${at}/cpufreq/policy[0-9]*/*`,
      '-o',
      '-path',
      `${at}/cpu[0-9]*/cpufreq/*`,
      '-o',
      '-path',
      `${at}/cpu[0-9]*/online`,
      ')',
      ...anyName(CPUFREQ_FILE_NAMES),
      ...GREP_FILES,
    ],
  ];
}

/** `find <procfs> -maxdepth 1 -name '[0-9]*'`: the pids of another root, where `ps` would list ours. */
function listPidsCommand(procfs: string): Command {
  return ['find', [procfs, '-mindepth', '1', '-maxdepth', '1', '-name', '[0-9]*', '-printf', '%f\\n']];
}

/** A promise made once and shared; dropped if it rejects, so the next call retries. */
function cacheOnSuccess<T>(load: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    cached ??= load().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

function ticksToSeconds(ticks: CpuTicks, ticksPerSecond: number): RawCpuTimes {
  return {
    user: ticks.user / ticksPerSecond,
    nice: ticks.nice / ticksPerSecond,
    system: ticks.system / ticksPerSecond,
    idle: ticks.idle / ticksPerSecond,
    iowait: ticks.iowait / ticksPerSecond,
    irq: ticks.irq / ticksPerSecond,
    softirq: ticks.softirq / ticksPerSecond,
    steal: ticks.steal / ticksPerSecond,
    guest: ticks.guest / ticksPerSecond,
    guestNice: ticks.guestNice / ticksPerSecond,
  };
}

/** The arguments of `who -u`, reading `utmpPath` instead of the system utmp when given. */
function whoArgs(utmpPath: string | undefined): string[] {
  return utmpPath === undefined ? ['-u'] : ['-u', utmpPath];
}

/** The exec backend for Linux over `run`. */
export function createLinuxExecBackend(run: CommandRunner, roots: HostRoots = DEFAULT_ROOTS): LinuxExecBackend {
  const stdoutOf = async (command: Command, options?: RunOptions): Promise<string> =>
    (await run(command[0], command[1], options)).stdout;
  const COMMANDS = commandsFor(roots.procfs);
  // lscpu, getconf-free CPU counts and ps describe the machine they run on;
  // under other roots the files themselves are read (see README "Relocated roots").
  const ownRoots = roots.procfs === DEFAULT_ROOTS.procfs && roots.sysfs === DEFAULT_ROOTS.sysfs;
  const ownProcfs = roots.procfs === DEFAULT_ROOTS.procfs;
  const getconf = (name: string) => async () => parseGetconfPositiveInteger(await stdoutOf(['getconf', [name]]), name);
  const clockTicksPerSecond = cacheOnSuccess(getconf('CLK_TCK'));
  const pageSize = cacheOnSuccess(getconf('PAGESIZE'));

  return {
    name: 'exec',
    // Every /proc and /sys path is under `roots`; `users` reads utmp, the setters make syscalls.
    ...createLinuxProcessMethods(run, { clockTicksPerSecond, pageSize }, roots),
    ...createLinuxDiskMethods(run, roots),
    ...createLinuxSensorMethods(run, roots),
    ...createLinuxNetMethods(run, roots),

    async cpuCountLogical(): Promise<number | null> {
      if (!ownProcfs) {
        const command = processorCountCommand(roots.procfs);
        // Exit 1: no processor line; 2: no cpuinfo (-s keeps grep quiet). Either way unknown, as in C++.
        const output = await run(command[0], command[1], { acceptExitCodes: [1, 2] });
        return output.exitCode === 2 ? null : parseProcessorCount(output.stdout, formatArgs(command));
      }
      return parseLscpuTopology(await stdoutOf(COMMANDS.lscpuTopology)).length;
    },

    async cpuCountPhysical(): Promise<number | null> {
      if (!ownRoots) {
        const command = topologyCommand(roots.sysfs);
        const output = await run(command[0], command[1], { acceptExitCodes: [1] });
        checkFindResult(formatArgs(command), output);
        return countTopologyCores(parseSysfsDump(output.stdout));
      }
      return countPhysicalCores(parseLscpuTopology(await stdoutOf(COMMANDS.lscpuTopology)));
    },

    async cpuTimes(): Promise<RawCpuTimesAll> {
      const [text, hz] = await Promise.all([stdoutOf(COMMANDS.procStat), clockTicksPerSecond()]);
      const ticks = parseProcStatCpuTicks(text);
      return { total: ticksToSeconds(ticks.total, hz), perCpu: ticks.perCpu.map((cpu) => ticksToSeconds(cpu, hz)) };
    },

    async cpuStats(): Promise<RawCpuStats> {
      return { ...parseProcStatCounters(await stdoutOf(COMMANDS.procStat)), syscalls: null };
    },

    async cpuFreq(): Promise<RawCpuFreq[] | null> {
      if (!ownRoots) {
        // lscpu describes the machine it runs on: read the root's files, as the native collector does.
        const command = cpufreqCommand(roots.sysfs);
        const output = await run(command[0], command[1], { acceptExitCodes: [1] });
        checkFindResult(formatArgs(command), output);
        const fromSysfs = cpuFreqFromSysfs(parseSysfsDump(output.stdout));
        if (fromSysfs !== null) return fromSysfs;
        const cpuinfo = underRoot(roots.procfs, 'cpuinfo');
        const mhz = await run('grep', ['-i', '^cpu mhz', cpuinfo], { acceptExitCodes: [1, 2] });
        return cpuFreqFromCpuinfo(mhz.stdout, `grep -i '^cpu mhz' ${cpuinfo}`);
      }
      return parseLscpuFrequencies(await stdoutOf(COMMANDS.lscpuFreq));
    },

    async loadAvg(): Promise<[number, number, number]> {
      return parseLoadAvg(await stdoutOf(COMMANDS.loadavg));
    },

    async virtualMemory(): Promise<RawVirtualMemory> {
      return parseVirtualMemory(await stdoutOf(COMMANDS.meminfo));
    },

    async swapMemory(): Promise<RawSwapMemory> {
      const [text, bytesPerPage] = await Promise.all([stdoutOf(COMMANDS.meminfoAndVmstat), pageSize()]);
      return parseSwapMemory(text, bytesPerPage);
    },

    async bootTime(): Promise<number> {
      return parseProcStatBootTime(await stdoutOf(COMMANDS.procStat));
    },

    async users(utmpPath?: string): Promise<RawUser[]> {
      // In the C locale `who` prints `Nov 14 22:15`, without the year; in
      // C.UTF-8 it prints `2023-11-14 22:15`. The parser takes either.
      return parseWhoUsers(await stdoutOf(['who', whoArgs(utmpPath)], { locale: 'C.UTF-8' }));
    },

    async pids(): Promise<number[]> {
      if (!ownProcfs) return listRootPids(run, roots.procfs);
      const result = await run(...COMMANDS.pids);
      // `ps` lists itself; it has exited by the time the caller looks.
      return parsePidList(result.stdout)
        .filter((pid) => pid !== result.pid)
        .sort((a, b) => a - b);
    },

    async pidExists(pid: number): Promise<boolean> {
      // pid 0 (the idle task) is not a process on Linux, as in psutil and pids().
      if (pid === 0 || pid > LINUX_PID_MAX_LIMIT) return false;
      return ownProcfs ? pidListedByPs(run, pid) : pidInRoot(run, roots.procfs, pid);
    },
  };
}

/** `ps -p <pid> -o pid=`: exit 1 with no output and no message means "no such process". */
async function pidListedByPs(run: CommandRunner, pid: number): Promise<boolean> {
  const args = ['-p', String(pid), '-o', 'pid='];
  const result = await run('ps', args, { acceptExitCodes: [1] });
  if (result.exitCode === 1 && result.stderr.trim() !== '') {
    throw new CommandFailed(`ps ${args.join(' ')}`, 1, null, result.stderr);
  }
  return parsePidPresence(result.stdout, pid);
}

const formatArgs = (command: Command): string => `${command[0]} ${command[1].join(' ')}`;

/** The numeric entries of another procfs root, ascending (as the native `pids`). */
async function listRootPids(run: CommandRunner, procfs: string): Promise<number[]> {
  const command = listPidsCommand(procfs);
  const output = await run(command[0], command[1]);
  return parsePidList(output.stdout, formatArgs(command)).sort((a, b) => a - b);
}

/**
 * Under another procfs root (another pid namespace) `ps` would answer for
 * ours: the pid exists when `<procfs>/<pid>/status` does, with `Tgid` equal to
 * it (a thread id is no process), as the native `pidExists` decides there.
 */
async function pidInRoot(run: CommandRunner, procfs: string, pid: number): Promise<boolean> {
  const path = underRoot(procfs, `${pid}/status`);
  // Exit 2: no such file (or unreadable: -s hides the message); 1: no Tgid line.
  const output = await run('grep', ['-s', '^Tgid:', path], { acceptExitCodes: [1, 2] });
  if (output.exitCode === 2) return false;
  const tgid = /^Tgid:\s*(\d+)/.exec(output.stdout);
  return tgid === null || Number(tgid[1]) === pid;
}

/** Same name as every platform module of both backends. */
export const createPlatformBackend = createLinuxExecBackend;
