/**
 * The network part of the backend contract: what the network methods of
 * `Backend` (src/backends/types.ts) return, raw. Lists rather than records
 * keyed by interface name, so that no name (`__proto__` is a valid one) can
 * collide with an object's own machinery on the way; `src/api/net.ts` builds
 * the public records, sums, unwraps counters and names the flags.
 */
import type {
  AddressFamily,
  NetConnection,
  NetConnectionKind,
  NetIfAddr,
  NetIoCounters,
  NicDuplex,
} from '../api/net-types';

/** One interface's counters (/proc/net/dev), before any wrap correction. */
export interface RawNetIoCounters extends NetIoCounters {
  /** Interface name. */
  name: string;
}

/**
 * One address as the OS lists it (getifaddrs order: link layer, IPv4, IPv6).
 * `address` of an `AF_LINK` entry is the hex bytes the OS gave, not yet
 * padded to 6 bytes.
 */
export interface RawNetIfAddr extends NetIfAddr {
  /** Interface name; for an IPv4 address its label (`eth0:1` for an alias), as getifaddrs gives it. */
  name: string;
  family: AddressFamily;
}

/** One interface's state. */
export interface RawNetIfStats {
  /** Interface name. */
  name: string;
  /** `SIOCGIFFLAGS`: the `IFF_*` bits 0–15 ({@link IFF_FLAG_NAMES}). */
  flags: number;
  /** MTU, bytes. */
  mtu: number;
  duplex: NicDuplex;
  /** Mbit/s; 0 when unknown. */
  speed: number;
}

/** One socket, before duplicates are merged. */
export type RawNetConnection = NetConnection;

/** Linux's `IFF_*` bits, in psutil's order of names: bit value → psutil's flag name. */
export const IFF_FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x1, 'up'],
  [0x2, 'broadcast'],
  [0x4, 'debug'],
  [0x8, 'loopback'],
  [0x10, 'pointopoint'],
  [0x20, 'notrailers'],
  [0x40, 'running'],
  [0x80, 'noarp'],
  [0x100, 'promisc'],
  [0x200, 'allmulti'],
  [0x400, 'master'],
  [0x800, 'slave'],
  [0x1000, 'multicast'],
  [0x2000, 'portsel'],
  [0x4000, 'automedia'],
  [0x8000, 'dynamic'],
];

/** `IFF_RUNNING`: the interface is up and its link operational. */
export const IFF_RUNNING = 0x40;

/**
 * The socket tables of /proc/net, in the order psutil reads them; the addon
 * takes a mask with bit i for `NET_SOCKET_TABLES[i]` (C++ `NetTable`).
 */
export const NET_SOCKET_TABLES = ['tcp', 'tcp6', 'udp', 'udp6', 'unix'] as const;
export type NetSocketTable = (typeof NET_SOCKET_TABLES)[number];

/** The tables each `kind` reads (psutil's `tmap`). */
export const NET_KIND_TABLES: Readonly<Record<NetConnectionKind, readonly NetSocketTable[]>> = {
  all: ['tcp', 'tcp6', 'udp', 'udp6', 'unix'],
  tcp: ['tcp', 'tcp6'],
  tcp4: ['tcp'],
  tcp6: ['tcp6'],
  udp: ['udp', 'udp6'],
  udp4: ['udp'],
  udp6: ['udp6'],
  unix: ['unix'],
  inet: ['tcp', 'tcp6', 'udp', 'udp6'],
  inet4: ['tcp', 'udp'],
  inet6: ['tcp6', 'udp6'],
};

/** The addon's table mask for `kind`. */
export function netTableMask(kind: NetConnectionKind): number {
  return NET_KIND_TABLES[kind].reduce((mask, table) => mask | (1 << NET_SOCKET_TABLES.indexOf(table)), 0);
}
