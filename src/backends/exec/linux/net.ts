/**
 * The network methods of the Linux exec backend: standard tools through the
 * runner, parsed by `./parsers/net-*.ts`.
 *
 * Every /proc and /sys path is under the backend's roots (`../../roots.ts`).
 *
 * - `netIoCounters`: `cat /proc/net/dev` (psutil's own source; `ip -s link`
 *   folds rx_missed into no column).
 * - `netIfAddrs`: `ip -j addr` (getifaddrs' data, from the same netlink dumps).
 * - `netIfStats`: `ip -j link` (flags, MTU), then one `grep -a -H` of
 *   /sys/class/net/<nic>/{speed,duplex} for the interfaces it listed.
 * - `netConnections`: in parallel, one `grep -a -H` of the /proc/net tables
 *   of the kind and one `find` listing the socket links of every
 *   /proc/<pid>/fd (or of the one process asked for).
 */
import { endianness } from 'node:os';
import { AccessDenied, CommandFailed, NoSuchProcess, OsError } from '../../../api/errors';
import type { NetConnectionKind } from '../../../api/net-types';
import { NET_KIND_TABLES, type RawNetConnection, type RawNetIfStats } from '../../net-types';
import { DEFAULT_ROOTS, type HostRoots, underRoot } from '../../roots';
import type { Backend } from '../../types';
import { type CommandRunner, formatCommand } from '../runner';
import { errnoOfMessage, parseGrepLines } from './parsers/batch-output';
import { parseProcNetDev } from './parsers/net-dev';
import { linkSpeedOf, parseIpAddrJson, parseIpLinkJson } from './parsers/net-ip';
import { joinConnections, parseSocketFds, parseSocketTable, type SocketRow, socketOwners } from './parsers/net-sockets';

type Methods = Pick<Backend, 'netIoCounters' | 'netIfAddrs' | 'netIfStats' | 'netConnections'>;

const GREP_LINES = ['-a', '-H', '--color=never', '-e', '', '--'];

/** Most bytes of file names one grep takes: far below ARG_MAX. */
const ARG_BUDGET_BYTES = 96 * 1024;

/** `text` as a literal in find's (emacs) `-regex`. */
const regexLiteral = (text: string) => text.replace(/[.*+?^$[\]\\]/g, '\\$&');

/** Every socket link of every process, without descending into anything but <procfs>/<pid>/fd. */
function findAllSockets(procfs: string): string[] {
  const pidDir = `${regexLiteral(procfs === '/' ? '' : procfs)}/[0-9]+`;
  return [
    procfs,
    '-mindepth',
    '1',
    '-maxdepth',
    '3',
    '(',
    '-regex',
    `${pidDir}/fd/[0-9]+`,
    '-lname',
    'socket:*',
    '-printf',
    '%p\\0%l\\0',
    ')',
    '-o',
    '-regex',
    pidDir,
    '-o',
    '-regex',
    `${pidDir}/fd`,
    '-o',
    '-prune',
  ];
}

/** The socket links of one process's fd directory. */
function findProcessSockets(procfs: string, pid: number): string[] {
  return [
    underRoot(procfs, `${pid}/fd`),
    '-mindepth',
    '1',
    '-maxdepth',
    '1',
    '-lname',
    'socket:*',
    '-printf',
    '%p\\0%l\\0',
  ];
}

/** The commands this module runs under the default roots, for docs and fixtures. */
export const NET_COMMANDS = {
  netDev: ['cat', ['/proc/net/dev']],
  ipAddr: ['ip', ['-j', 'addr']],
  ipLink: ['ip', ['-j', 'link']],
  findAllSockets: ['find', findAllSockets(DEFAULT_ROOTS.procfs)],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

/**
 * find's output under another procfs root, as if it were /proc: the socket
 * parser knows `/proc/PID/fd/N` paths (and `find: '/proc/…'` messages).
 */
function asProcOutput(text: string, procfs: string, separator: string): string {
  if (procfs === DEFAULT_ROOTS.procfs) return text;
  const prefix = underRoot(procfs, '');
  const quoted = `'${prefix}`;
  return text
    .split(separator)
    .map((item) => (item.startsWith(prefix) ? `/proc/${item.slice(prefix.length)}` : item))
    .map((item) => item.replace(`find: ${quoted}`, "find: '/proc/"))
    .join(separator);
}

function chunkByBytes(files: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const file of files) {
    const size = Buffer.byteLength(file) + 1;
    if (current.length > 0 && used + size > ARG_BUDGET_BYTES) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(file);
    used += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The byte order the kernel printed /proc/net addresses in: this machine's. */
const HOST_ENDIANNESS = endianness();

/**
 * The methods over `run`: /proc/net/*, /proc/<pid>/fd and /sys/class/net are
 * read under `roots`; `ip` asks our network namespace (getifaddrs, links).
 */
export function createLinuxNetMethods(run: CommandRunner, roots: HostRoots = DEFAULT_ROOTS): Methods {
  const { procfs, sysfs } = roots;
  const netDev: readonly [string, readonly string[]] = ['cat', [underRoot(procfs, 'net/dev')]];
  const stdoutOf = async (command: readonly [string, readonly string[]]): Promise<string> =>
    (await run(command[0], command[1])).stdout;

  /** grep -a -H over `files` (chunked), each file's lines or error. */
  async function grepFiles(files: readonly string[]) {
    const outputs = await Promise.all(
      chunkByBytes(files).map(async (chunk) => {
        const output = await run('grep', [...GREP_LINES, ...chunk], { acceptExitCodes: [1, 2] });
        return parseGrepLines(output.stdout, output.stderr, chunk, formatCommand('grep', GREP_LINES));
      }),
    );
    return new Map(outputs.flatMap((map) => [...map]));
  }

  async function socketTables(kind: NetConnectionKind): Promise<SocketRow[]> {
    const tables = NET_KIND_TABLES[kind];
    const files = tables.map((table) => underRoot(procfs, `net/${table}`));
    const read = await grepFiles(files);
    const rows: SocketRow[] = [];
    tables.forEach((table, i) => {
      const path = files[i] as string;
      const lines = read.get(path);
      if (lines === undefined) throw new OsError('EIO', 5, 'grep', path);
      if (!lines.ok) {
        // No IPv6 (ipv6.disable=1): no tcp6/udp6, skipped as psutil does.
        if (lines.error.code === 'ENOENT' && table.endsWith('6')) return;
        throw new OsError(lines.error.code, lines.error.errno, lines.error.syscall, path);
      }
      rows.push(...parseSocketTable(lines.lines, table, HOST_ENDIANNESS, path));
    });
    return rows;
  }

  async function owners(pid: number | null) {
    const args = pid === null ? findAllSockets(procfs) : findProcessSockets(procfs, pid);
    const output = await run('find', args, { acceptExitCodes: [1] });
    const fds = parseSocketFds(asProcOutput(output.stdout, procfs, '\0'), asProcOutput(output.stderr, procfs, '\n'));
    if (output.exitCode === 1 && fds.failed.size === 0 && fds.closedFds === 0) {
      throw new CommandFailed(formatCommand('find', args), 1, null, output.stderr);
    }
    if (pid !== null) {
      const message = fds.failed.get(pid);
      if (message !== undefined) {
        const { code, errno } = errnoOfMessage(message);
        if (code === 'ENOENT' || code === 'ESRCH') throw new NoSuchProcess(pid);
        const dir = underRoot(procfs, `${pid}/fd`);
        if (code === 'EACCES' || code === 'EPERM') throw new AccessDenied(pid, null, `find ${dir}`);
        throw new OsError(code, errno, 'find', dir);
      }
    }
    // A process whose fds find could not all read is left out, its sockets unowned (as the native backend).
    return socketOwners(fds.links, new Set(fds.failed.keys()));
  }

  return {
    async netIoCounters() {
      return parseProcNetDev(await stdoutOf(netDev));
    },

    async netIfAddrs() {
      return parseIpAddrJson(await stdoutOf(NET_COMMANDS.ipAddr));
    },

    async netIfStats(): Promise<RawNetIfStats[]> {
      const links = parseIpLinkJson(await stdoutOf(NET_COMMANDS.ipLink));
      const nicFile = (name: string, file: string) => underRoot(sysfs, `class/net/${name}/${file}`);
      const files = links.flatMap(({ name }) => [nicFile(name, 'speed'), nicFile(name, 'duplex')]);
      const read = files.length === 0 ? new Map() : await grepFiles(files);
      const stats: RawNetIfStats[] = [];
      for (const { name, flags, mtu } of links) {
        const speed = read.get(nicFile(name, 'speed'));
        const duplex = read.get(nicFile(name, 'duplex'));
        // Gone since `ip` listed it (psutil #1279): left out.
        if (speed?.ok === false && duplex?.ok === false && speed.error.code === 'ENOENT') continue;
        stats.push({ name, flags, mtu, ...linkSpeedOf(speed, duplex, name) });
      }
      return stats;
    },

    async netConnections(kind, pid): Promise<RawNetConnection[]> {
      const [rows, held] = await Promise.all([socketTables(kind), owners(pid)]);
      return joinConnections(rows, held, pid);
    },
  };
}
