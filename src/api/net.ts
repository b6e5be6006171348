/**
 * Network functions: psutil's `net_io_counters`, `net_if_addrs`,
 * `net_if_stats` and `net_connections` on Linux. The backends return raw
 * lists; this module builds the records (keyed by interface name), sums and
 * unwraps the counters, names the flags and merges duplicate sockets, so the
 * two backends cannot disagree on any of it.
 */
import { IFF_FLAG_NAMES, IFF_RUNNING, type RawNetConnection, type RawNetIoCounters } from '../backends/net-types';
import { call } from '../workers/dispatch';
import {
  AddressFamily,
  NET_CONNECTION_KINDS,
  type NetConnection,
  type NetConnectionKind,
  type NetIfAddr,
  type NetIfStats,
  type NetIoCounters,
  type ProcessNetConnection,
} from './net-types';
import type { CallOptions } from './types';
import { boolean, callOptionChecks, oneOf, readOptions } from './validate';
import { unwrapCounters } from './wrap';

/** Sets an own enumerable property, even for a key such as `__proto__` (a valid interface name). */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

const COUNTER_FIELDS = [
  'bytesSent',
  'bytesRecv',
  'packetsSent',
  'packetsRecv',
  'errin',
  'errout',
  'dropin',
  'dropout',
] as const satisfies readonly (keyof NetIoCounters)[];

/** The counters of each interface, keyed by name, in the backend's order. */
export function countersByNic(raw: readonly RawNetIoCounters[]): Record<string, NetIoCounters> {
  const record: Record<string, NetIoCounters> = {};
  for (const { name, ...counters } of raw) setOwn(record, name, counters);
  return record;
}

/** The sum over interfaces, or `null` when there is none (psutil's `None`). */
export function sumCounters(byNic: Readonly<Record<string, NetIoCounters>>): NetIoCounters | null {
  const nics = Object.values(byNic);
  if (nics.length === 0) return null;
  const total = Object.fromEntries(COUNTER_FIELDS.map((f) => [f, 0])) as unknown as NetIoCounters;
  for (const nic of nics) for (const field of COUNTER_FIELDS) total[field] += nic[field];
  return total;
}

type NetIoOptions = { pernic?: boolean; nowrap?: boolean } & CallOptions;

/**
 * Network traffic counters since the interfaces appeared (/proc/net/dev):
 * the sum over every interface, or with `pernic` one entry per interface
 * keyed by name. `null` (or `{}`) when the system has no interface. With
 * `nowrap` (default) a counter that wrapped or was reset (a 32-bit driver
 * counter, a driver reload) keeps growing from where it was, as psutil;
 * `resetCounterCache('netIoCounters')` forgets that history.
 */
export function netIoCounters(options?: { pernic?: false } & NetIoOptions): Promise<NetIoCounters | null>;
export function netIoCounters(options: { pernic: true } & NetIoOptions): Promise<Record<string, NetIoCounters>>;
export function netIoCounters(options?: NetIoOptions): Promise<NetIoCounters | null | Record<string, NetIoCounters>>;
export async function netIoCounters(
  options?: NetIoOptions,
): Promise<NetIoCounters | null | Record<string, NetIoCounters>> {
  const {
    pernic = false,
    nowrap = true,
    ...rest
  } = readOptions('netIoCounters', options, { pernic: boolean, nowrap: boolean, ...callOptionChecks });
  let nics = countersByNic(await call('netIoCounters', [], rest));
  if (nowrap) nics = unwrapCounters<Record<keyof NetIoCounters, number>>('netIoCounters', nics);
  return pernic ? nics : sumCounters(nics);
}

/** psutil pads a short link-layer address with `:00` up to 6 bytes (psutil #786). */
function padLinkAddress(address: string): string {
  let padded = address;
  while (padded.split(':').length < 6) padded += ':00';
  return padded;
}

/**
 * The addresses of every interface, keyed by name: IPv4 (`AF_INET`), IPv6
 * (`AF_INET6`) and link-layer (`AF_LINK`) ones, sorted by family (stable, as
 * psutil). An IPv4 alias appears under its label (`eth0:1`), as getifaddrs
 * names it. Interfaces without any address (a tunnel with no IP) are absent.
 */
export async function netIfAddrs(options?: CallOptions): Promise<Record<string, NetIfAddr[]>> {
  const rest = readOptions('netIfAddrs', options, callOptionChecks);
  const raw = await call('netIfAddrs', [], rest);
  const sorted = raw.map((entry, i) => ({ entry, i })).sort((a, b) => a.entry.family - b.entry.family || a.i - b.i);
  const record: Record<string, NetIfAddr[]> = {};
  for (const { entry } of sorted) {
    const { name, ...addr } = entry;
    if (addr.family === AddressFamily.AF_LINK) addr.address = padLinkAddress(addr.address);
    if (!Object.hasOwn(record, name)) setOwn(record, name, []);
    (record[name] as NetIfAddr[]).push(addr);
  }
  return record;
}

/** psutil's flag string of `IFF_*` bits: names in its order, comma-separated. */
export function flagNames(flags: number): string {
  return IFF_FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0)
    .map(([, name]) => name)
    .join(',');
}

/**
 * State of every interface, keyed by name: `isup` (psutil: the interface is
 * running), duplex, speed in Mbit/s (0 when unknown), MTU in bytes, and
 * psutil's flag string. The native backend asks the driver (ethtool, as
 * psutil); the exec backend reads /sys/class/net/<nic>/{speed,duplex}, which
 * the kernel answers only for running interfaces (a down NIC's speed is 0,
 * duplex unknown there).
 */
export async function netIfStats(options?: CallOptions): Promise<Record<string, NetIfStats>> {
  const rest = readOptions('netIfStats', options, callOptionChecks);
  const record: Record<string, NetIfStats> = {};
  for (const { name, flags, mtu, duplex, speed } of await call('netIfStats', [], rest)) {
    setOwn(record, name, { isup: (flags & IFF_RUNNING) !== 0, duplex, speed, mtu, flags: flagNames(flags) });
  }
  return record;
}

const kindCheck = oneOf(...NET_CONNECTION_KINDS);

/** Validates `{ kind, signal, timeout }` (before any work); `kind` defaults to `inet`. */
export function readConnectionOptions(fn: string, options: unknown): { kind: NetConnectionKind; rest: CallOptions } {
  const { kind = 'inet', ...rest } = readOptions(fn, options, { kind: kindCheck, ...callOptionChecks });
  return { kind, rest };
}

/** Identical entries once, in first-seen order: psutil returns a set. */
export function mergeConnections<T extends ProcessNetConnection>(list: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const conn of list) {
    const key = JSON.stringify(conn);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(conn);
  }
  return out;
}

/** A process's sockets, psutil's `pconn`: the raw entries without their pid. */
export function processConnections(raw: readonly RawNetConnection[]): ProcessNetConnection[] {
  return mergeConnections(raw.map(({ pid: _pid, ...conn }) => conn));
}

/**
 * Every socket of the system of `kind` (default `inet`: TCP and UDP over
 * IPv4 and IPv6; also `inet4`, `inet6`, `tcp`, `tcp4`, `tcp6`, `udp`,
 * `udp4`, `udp6`, `unix`, `all`), in /proc/net table order, each with the
 * pid and fd holding it. Sockets of processes we may not inspect (other
 * users', without privileges) have `pid: null` and `fd: -1`; a socket shared
 * by several processes is reported for the highest pid (psutil's choice);
 * identical entries appear once (psutil returns a set). Reads every
 * /proc/<pid>/fd: milliseconds, always in the pool.
 */
export async function netConnections(options?: { kind?: NetConnectionKind } & CallOptions): Promise<NetConnection[]> {
  const { kind, rest } = readConnectionOptions('netConnections', options);
  return mergeConnections(await call('netConnections', [kind, null], rest));
}
