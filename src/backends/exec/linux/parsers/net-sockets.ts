/**
 * Parsers for `netConnections` on the exec backend, with psutil's Linux rules
 * (the native backend applies the same ones in C++):
 *
 * - the socket tables /proc/net/{tcp,tcp6,udp,udp6,unix}, read with
 *   `grep -a -H -e '' --` (one header line each, then one row per socket);
 * - the socket inodes of /proc/<pid>/fd/*, listed by `find … -lname 'socket:*'
 *   -printf '%p\0%l\0'`;
 * - the join: a socket held by several processes belongs to the highest pid
 *   holding it; an inet socket is listed once with that process's lowest fd,
 *   a unix socket once per fd of it; sockets of processes we may not inspect
 *   get `pid: null`, `fd: -1`.
 */
import { ParseError } from '../../../../api/errors';
import { AddressFamily, type ConnectionStatus, type NetAddress, SocketKind } from '../../../../api/net-types';
import type { NetSocketTable, RawNetConnection } from '../../../net-types';
import { decodeProcNetAddress, type Endianness } from './net-address';

/** psutil's `TCP_STATUSES`: the kernel's TCP state numbers (hex in /proc/net/tcp). */
const TCP_STATUSES: ReadonlyMap<string, ConnectionStatus> = new Map([
  ['01', 'ESTABLISHED'],
  ['02', 'SYN_SENT'],
  ['03', 'SYN_RECV'],
  ['04', 'FIN_WAIT1'],
  ['05', 'FIN_WAIT2'],
  ['06', 'TIME_WAIT'],
  ['07', 'CLOSE'],
  ['08', 'CLOSE_WAIT'],
  ['09', 'LAST_ACK'],
  ['0A', 'LISTEN'],
  ['0B', 'CLOSING'],
]);

/** A socket of a table, before its owner is known. */
export interface SocketRow extends Omit<RawNetConnection, 'fd' | 'pid'> {
  /** Socket inode, the key into /proc/<pid>/fd links (a decimal string: inodes may exceed 2^53). */
  inode: string;
}

const TABLE_FAMILY: Readonly<Record<NetSocketTable, 'inet' | 'inet6' | 'unix'>> = {
  tcp: 'inet',
  tcp6: 'inet6',
  udp: 'inet',
  udp6: 'inet6',
  unix: 'unix',
};

function inetAddress(token: string, family: 'inet' | 'inet6', endianness: Endianness, source: string) {
  const address: NetAddress = decodeProcNetAddress(token, family, endianness, source);
  // psutil reports an address with port 0 as absent: an unbound or unconnected end.
  return address.port === 0 ? null : address;
}

const UNIX_ROW =
  /^([0-9A-Fa-f]+): ([0-9A-Fa-f]+) ([0-9A-Fa-f]+) ([0-9A-Fa-f]+) ([0-9A-Fa-f]+) ([0-9A-Fa-f]+) +(\d+)(?: (.*))?$/;

/**
 * Parses one socket table's lines (header first). `endianness` is the byte
 * order of the machine that printed the inet addresses. A unix socket path
 * holding a newline continues on the next line(s): those are joined back
 * (psutil #766), the same way the native backend does.
 */
export function parseSocketTable(
  lines: readonly string[],
  table: NetSocketTable,
  endianness: Endianness,
  source = `/proc/net/${table}`,
): SocketRow[] {
  const family = TABLE_FAMILY[table];
  const header = lines[0]?.trim();
  if (header === undefined || !header.startsWith(family === 'unix' ? 'Num' : 'sl')) {
    throw new ParseError(source, 'missing the header line');
  }
  const rows: SocketRow[] = [];
  let continuable: SocketRow | null = null;
  for (const line of lines.slice(1)) {
    if (family === 'unix') {
      const m = UNIX_ROW.exec(line);
      if (m === null) {
        if (continuable === null) throw new ParseError(source, `malformed row '${line.slice(0, 80)}'`);
        continuable.laddr = `${continuable.laddr as string}\n${line}`;
        continue;
      }
      const path = m[8] ?? '';
      const row: SocketRow = {
        family: AddressFamily.AF_UNIX,
        type: Number.parseInt(m[5] as string, 16) as SocketKind,
        laddr: path === '' ? null : path,
        raddr: null,
        status: 'NONE',
        inode: BigInt(m[7] as string).toString(),
      };
      rows.push(row);
      continuable = path === '' ? null : row;
      continue;
    }
    const fields = line.trim().split(/[ \t]+/);
    if (fields.length < 10 || !/^\d+:$/.test(fields[0] as string) || !/^\d+$/.test(fields[9] as string)) {
      throw new ParseError(source, `malformed row '${line.slice(0, 80)}'`);
    }
    const tcp = table === 'tcp' || table === 'tcp6';
    const state = (fields[3] as string).toUpperCase();
    let status: ConnectionStatus = 'NONE';
    if (tcp) {
      const known = TCP_STATUSES.get(state);
      if (known === undefined) throw new ParseError(source, `unknown TCP state '${fields[3]}'`);
      status = known;
    } else if (!/^[0-9A-F]{2}$/.test(state)) {
      throw new ParseError(source, `malformed state '${fields[3]}'`);
    }
    rows.push({
      family: family === 'inet' ? AddressFamily.AF_INET : AddressFamily.AF_INET6,
      type: tcp ? SocketKind.SOCK_STREAM : SocketKind.SOCK_DGRAM,
      laddr: inetAddress(fields[1] as string, family, endianness, source),
      raddr: inetAddress(fields[2] as string, family, endianness, source),
      status,
      inode: BigInt(fields[9] as string).toString(),
    });
  }
  return rows;
}

/** Who holds a socket inode: the pid (the highest holding it) and its fds, ascending. */
export interface SocketOwner {
  pid: number;
  fds: number[];
}

/** The socket fds `find` listed, and the processes whose fds it could not (fully) read. */
export interface SocketFds {
  /** pid, fd and inode of every socket link find printed, in output order. */
  links: Array<{ pid: number; fd: number; inode: string }>;
  /** Processes find reported an error for, by pid, with the first `strerror` message. */
  failed: Map<number, string>;
  /** Messages about fds closed between find's listing and its readlink: no failure, but they make find exit 1. */
  closedFds: number;
}

const FD_PATH = /^\/proc\/(\d+)\/fd\/(\d+)$/;
const SOCKET_LINK = /^socket:\[(\d+)\]$/;
const FIND_MESSAGE = /^find: '\/proc\/(\d+)(?:\/fd(?:\/\d+)?)?': (.+)$/;

/**
 * Parses `find … -lname 'socket:*' -printf '%p\0%l\0'` over /proc/<pid>/fd
 * directories and its stderr (C locale: `find: '/proc/PID/fd/N': MESSAGE`).
 * Any other message is a `ParseError`: it would mean the command went wrong.
 */
export function parseSocketFds(stdout: string, stderr: string, source = 'find /proc -lname socket:*'): SocketFds {
  if (stdout !== '' && !stdout.endsWith('\0')) throw new ParseError(source, 'the output ends in mid-record');
  const fields = stdout === '' ? [] : stdout.slice(0, -1).split('\0');
  if (fields.length % 2 !== 0) throw new ParseError(source, `${fields.length} fields, not pairs`);
  const links: SocketFds['links'] = [];
  for (let at = 0; at < fields.length; at += 2) {
    const path = FD_PATH.exec(fields[at] as string);
    const link = SOCKET_LINK.exec(fields[at + 1] as string);
    if (path === null || link === null) {
      throw new ParseError(source, `unexpected entry '${fields[at]}' -> '${fields[at + 1]}'`);
    }
    links.push({ pid: Number(path[1]), fd: Number(path[2]), inode: BigInt(link[1] as string).toString() });
  }
  const failed = new Map<number, string>();
  let closedFds = 0;
  for (const line of stderr.split('\n')) {
    if (line === '' || line.startsWith('find: warning: ')) continue;
    const m = FIND_MESSAGE.exec(line);
    if (m === null) throw new ParseError(source, `unexpected message on stderr: '${line}'`);
    const pid = Number(m[1]);
    // An fd closed between the listing and its readlink is no failure of the process.
    const closedFd = /\/fd\/\d+'/.test(line) && m[2] === 'No such file or directory';
    if (closedFd) closedFds++;
    else if (!failed.has(pid)) failed.set(pid, m[2] as string);
  }
  return { links, failed, closedFds };
}

/**
 * Socket owners from find's links, as psutil builds them: per pid in
 * ascending order, each inode maps to that pid's fds (a later pid replaces
 * an earlier one). Processes in `skip` (find could not read all their fds)
 * are left out, as the native backend leaves out a process whose fds it
 * cannot read.
 */
export function socketOwners(
  links: SocketFds['links'],
  skip: ReadonlySet<number> = new Set(),
): Map<string, SocketOwner> {
  const sorted = links.filter((l) => !skip.has(l.pid)).sort((a, b) => a.pid - b.pid || a.fd - b.fd);
  const owners = new Map<string, SocketOwner>();
  for (const { pid, fd, inode } of sorted) {
    const owner = owners.get(inode);
    if (owner === undefined || owner.pid !== pid) owners.set(inode, { pid, fds: [fd] });
    else owner.fds.push(fd);
  }
  return owners;
}

/**
 * Joins socket rows (tables in order) with their owners. With `pid`, only
 * the sockets that process holds are kept (`owners` then holds its alone).
 */
export function joinConnections(
  rows: readonly SocketRow[],
  owners: ReadonlyMap<string, SocketOwner>,
  pid: number | null,
): RawNetConnection[] {
  const out: RawNetConnection[] = [];
  for (const { inode, ...socket } of rows) {
    const owner = owners.get(inode);
    if (owner === undefined) {
      if (pid === null) out.push({ fd: -1, ...socket, pid: null });
      continue;
    }
    if (pid !== null && owner.pid !== pid) continue;
    const fds = socket.family === AddressFamily.AF_UNIX ? owner.fds : owner.fds.slice(0, 1);
    for (const fd of fds) out.push({ fd, ...socket, pid: owner.pid });
  }
  return out;
}
