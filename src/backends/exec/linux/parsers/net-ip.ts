/**
 * Parsers of iproute2's JSON (`ip -j addr`, `ip -j link`) and of the sysfs
 * link speed and duplex files (read with `grep -a -H`), producing what the
 * native backend gets from getifaddrs() and the interface ioctls.
 *
 * How getifaddrs (glibc) fills an entry from the kernel's netlink messages,
 * which `ip` prints as these keys:
 * - link (AF_PACKET) entries first, one per link with a link-layer address
 *   (`address`), its `broadcast` as the broadcast (IFF_BROADCAST) or peer
 *   (IFF_POINTOPOINT) address;
 * - then every IPv4 address (named after its `label`: `eth0:1` for an
 *   alias), then every IPv6 address, each in link order;
 * - IPv4: the destination is the broadcast address, else the peer
 *   (`address`, printed only when it differs from `local`), else the local
 *   address itself; IPv6: the peer, else none;
 * - link-local IPv6 addresses carry the interface as scope (`%eth0`).
 */
import { ParseError } from '../../../../api/errors';
import { AddressFamily, NicDuplex } from '../../../../api/net-types';
import type { RawNetIfAddr } from '../../../net-types';
import type { FileLines } from './batch-output';
import { formatIpv6, ipv6NeedsScope, linkAddressHex, netmaskOf, parseIpv6 } from './net-address';

/** `ip` flag names → `IFF_*` bits (RUNNING is not printed: see {@link ipLinkFlags}). */
const IP_FLAG_BITS: ReadonlyMap<string, number> = new Map([
  ['UP', 0x1],
  ['BROADCAST', 0x2],
  ['DEBUG', 0x4],
  ['LOOPBACK', 0x8],
  ['POINTOPOINT', 0x10],
  ['NOTRAILERS', 0x20],
  ['NOARP', 0x80],
  ['PROMISC', 0x100],
  ['ALLMULTI', 0x200],
  ['MASTER', 0x400],
  ['SLAVE', 0x800],
  ['MULTICAST', 0x1000],
  ['PORTSEL', 0x2000],
  ['AUTOMEDIA', 0x4000],
  ['DYNAMIC', 0x8000],
]);
const IFF_BROADCAST = 0x2;
const IFF_POINTOPOINT = 0x10;
const IFF_UP = 0x1;
const IFF_RUNNING = 0x40;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseLinks(text: string, source: string): Json[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ParseError(source, `not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw new ParseError(source, 'expected an array of links');
  for (const link of value) {
    if (!isObject(link)) throw new ParseError(source, 'a link is not an object');
  }
  return value as Json[];
}

function stringField(object: Json, key: string, source: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') throw new ParseError(source, `missing or invalid '${key}'`);
  return value;
}

function optionalString(object: Json, key: string, source: string): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ParseError(source, `'${key}' is not a string`);
  return value;
}

function integerField(object: Json, key: string, source: string): number {
  const value = object[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ParseError(source, `missing or invalid '${key}'`);
  }
  return value;
}

/**
 * The `IFF_*` bits (0–15, as SIOCGIFFLAGS gives them) of a link's `flags`.
 * `ip` hides IFF_RUNNING and prints `NO-CARRIER` for an interface that is up
 * but not running; the kernel sets RUNNING only on interfaces that are up.
 * Names it prints that SIOCGIFFLAGS lacks (LOWER_UP, DORMANT, ECHO, M-DOWN)
 * are ignored.
 */
export function ipLinkFlags(link: Json, source: string): number {
  const flags = link.flags;
  if (!Array.isArray(flags) || flags.some((f) => typeof f !== 'string')) {
    throw new ParseError(source, `missing or invalid 'flags'`);
  }
  let bits = 0;
  for (const name of flags as string[]) bits |= IP_FLAG_BITS.get(name) ?? 0;
  if (bits & IFF_UP && !flags.includes('NO-CARRIER')) bits |= IFF_RUNNING;
  return bits;
}

/** One link of `ip -j link`: name, `IFF_*` bits and MTU, in link order. */
export interface IpLink {
  name: string;
  flags: number;
  mtu: number;
}

/** Parses `ip -j link` (or `ip -j addr`, which has the same link keys). */
export function parseIpLinkJson(text: string, source = 'ip -j link'): IpLink[] {
  return parseLinks(text, source).map((link) => ({
    name: stringField(link, 'ifname', source),
    flags: ipLinkFlags(link, source),
    mtu: integerField(link, 'mtu', source),
  }));
}

/** An IPv6 address text with getnameinfo's `%<nic>` where glibc sets a scope id. */
function ipv6Text(text: string, nic: string, source: string): string {
  const bytes = parseIpv6(text);
  if (bytes === null) throw new ParseError(source, `not an IPv6 address: '${text}'`);
  const canonical = formatIpv6(bytes);
  return ipv6NeedsScope(bytes) ? `${canonical}%${nic}` : canonical;
}

/** Parses `ip -j addr` into getifaddrs' entries, in its order (links, then IPv4, then IPv6). */
export function parseIpAddrJson(text: string, source = 'ip -j addr'): RawNetIfAddr[] {
  const links = parseLinks(text, source);
  const packet: RawNetIfAddr[] = [];
  const inet: RawNetIfAddr[] = [];
  const inet6: RawNetIfAddr[] = [];
  for (const link of links) {
    const nic = stringField(link, 'ifname', source);
    const flags = ipLinkFlags(link, source);
    const broadcastKind = flags & IFF_BROADCAST ? 'broadcast' : flags & IFF_POINTOPOINT ? 'ptp' : null;
    const address = optionalString(link, 'address', source);
    // Links without a link-layer address (tun, wireguard: link/none) have no usable entry.
    if (address !== undefined && address !== '') {
      const other = optionalString(link, 'broadcast', source);
      const dst = other === undefined || other === '' ? null : linkAddressHex(other, source);
      packet.push({
        name: nic,
        family: AddressFamily.AF_LINK,
        address: linkAddressHex(address, source),
        netmask: null,
        broadcast: broadcastKind === 'broadcast' ? dst : null,
        ptp: broadcastKind === 'ptp' ? dst : null,
      });
    }
    const infos = link.addr_info ?? [];
    if (!Array.isArray(infos)) throw new ParseError(source, `${nic}: 'addr_info' is not an array`);
    for (const info of infos) {
      if (!isObject(info)) throw new ParseError(source, `${nic}: an address is not an object`);
      const family = info.family;
      if (family !== 'inet' && family !== 'inet6') continue; // other families have no getifaddrs entry
      const local = stringField(info, 'local', source);
      const peer = optionalString(info, 'address', source);
      const prefixlen = integerField(info, 'prefixlen', source);
      const netmask = netmaskOf(family, prefixlen, source);
      if (family === 'inet') {
        const dst = optionalString(info, 'broadcast', source) ?? peer ?? local;
        inet.push({
          name: optionalString(info, 'label', source) ?? nic,
          family: AddressFamily.AF_INET,
          address: local,
          netmask,
          broadcast: broadcastKind === 'broadcast' ? dst : null,
          ptp: broadcastKind === 'ptp' ? dst : null,
        });
      } else {
        const dst = peer === undefined ? null : ipv6Text(peer, nic, source);
        inet6.push({
          name: nic,
          family: AddressFamily.AF_INET6,
          address: ipv6Text(local, nic, source),
          netmask,
          broadcast: broadcastKind === 'broadcast' ? dst : null,
          ptp: broadcastKind === 'ptp' ? dst : null,
        });
      }
    }
  }
  return [...packet, ...inet, ...inet6];
}

/** Speed (Mbit/s, 0 when unknown) and duplex of one interface. */
export interface LinkSpeed {
  speed: number;
  duplex: NicDuplex;
}

/**
 * /sys/class/net/<nic>/speed and /duplex as `grep -a -H` read them: a file
 * the driver cannot answer for (EINVAL: interface down, virtual device) or
 * an unknown value (`-1`, `unknown`) means unknown. Any other error is a
 * `ParseError` naming the file.
 */
export function linkSpeedOf(speed: FileLines | undefined, duplex: FileLines | undefined, nic: string): LinkSpeed {
  const source = `/sys/class/net/${nic}`;
  const value = (file: FileLines | undefined, what: string): string | null => {
    if (file === undefined) throw new ParseError(source, `no output for ${what}`);
    if (!file.ok) {
      // EINVAL/EOPNOTSUPP: the driver has no answer; ENOENT/ENODEV: the interface went away.
      if (['EINVAL', 'EOPNOTSUPP', 'ENOENT', 'ENODEV'].includes(file.error.code)) return null;
      throw new ParseError(source, `${what}: ${file.error.code}`);
    }
    if (file.lines.length !== 1) throw new ParseError(source, `${what}: expected one line, got ${file.lines.length}`);
    return (file.lines[0] as string).trim();
  };
  const speedText = value(speed, 'speed');
  const duplexText = value(duplex, 'duplex');
  let mbits = 0;
  if (speedText !== null) {
    if (!/^-?\d+$/.test(speedText)) throw new ParseError(source, `speed: '${speedText}' is not a number`);
    const n = Number(speedText);
    mbits = n < 0 || n > 2 ** 31 - 1 ? 0 : n;
  }
  let mode: NicDuplex = NicDuplex.NIC_DUPLEX_UNKNOWN;
  if (duplexText === 'full') mode = NicDuplex.NIC_DUPLEX_FULL;
  else if (duplexText === 'half') mode = NicDuplex.NIC_DUPLEX_HALF;
  else if (duplexText !== null && duplexText !== 'unknown') {
    throw new ParseError(source, `duplex: unexpected '${duplexText}'`);
  }
  return { speed: mbits, duplex: mode };
}
