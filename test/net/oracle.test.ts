/**
 * The network functions against the system's own tools and files, in both
 * backends: `ip -j addr` / `ip -j link` (addresses, MTU, flags: exact),
 * /sys/class/net/<nic>/statistics (counters: between a read before and one
 * after), and `ss -tuanpH` (the sockets this process holds: pid, fd,
 * addresses, state).
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, ps } from '../helpers/psnode';
import { tool } from '../helpers/run';
import { type OpenSockets, openSockets } from './sockets';

interface IpLink {
  ifname: string;
  flags: string[];
  mtu: number;
  address?: string;
  addr_info?: Array<{ family: string; local: string; prefixlen: number; label?: string }>;
}

function ipv4Mask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 0xff).join('.');
}

function sysfsCounters(nic: string): Record<string, number> {
  const read = (name: string) => Number(readFileSync(`/sys/class/net/${nic}/statistics/${name}`, 'utf8'));
  return {
    bytesSent: read('tx_bytes'),
    bytesRecv: read('rx_bytes'),
    packetsSent: read('tx_packets'),
    packetsRecv: read('rx_packets'),
    errin: read('rx_errors'),
    errout: read('tx_errors'),
    // /proc/net/dev's receive "drop" column adds the missed packets.
    dropin: read('rx_dropped') + read('rx_missed_errors'),
    dropout: read('tx_dropped'),
  };
}

/** `ss` state names → psutil's. */
const SS_STATES: Record<string, string> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  CLOSE: 'CLOSE',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
  UNCONN: 'NONE',
};

/** One `ss -tuanpH` socket of this process: `proto:local:remote:state:fd` per fd it lists. */
function ssSocketsOfThisProcess(): string[] {
  const out: string[] = [];
  for (const line of tool('ss', ['-tuanpH']).split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    const [proto, state, , , local, peer, ...users] = f;
    const owners = [...users.join(' ').matchAll(/pid=(\d+),fd=(\d+)/g)].filter((m) => Number(m[1]) === process.pid);
    const endpoint = (text: string) => {
      const m = /^\[?(.*?)\]?:(\d+|\*)$/.exec(text) as RegExpExecArray;
      return m[2] === '*' || m[2] === '0' ? 'null' : `${m[1] === '*' ? '0.0.0.0' : m[1]}:${m[2]}`;
    };
    // ss reports a connected UDP socket as ESTAB: psutil (and we) say NONE for UDP.
    const status = proto === 'udp' ? 'NONE' : SS_STATES[state as string];
    for (const m of owners)
      out.push(`${proto}:${endpoint(local as string)}:${endpoint(peer as string)}:${status}:${m[2]}`);
  }
  return out.sort();
}

let sockets: OpenSockets;
let v6: net.Server;
beforeAll(async () => {
  sockets = await openSockets();
  v6 = net.createServer();
  await new Promise<void>((resolve) => v6.listen(0, '::1', resolve));
});
afterAll(async () => {
  await sockets.close();
  await new Promise((resolve) => v6.close(resolve));
  await ps.close();
});

describe.each(BACKENDS)('%s backend vs the system', (backend) => {
  beforeAll(() => ps.configure({ backend }));

  it('netIfAddrs equals ip -j addr: MACs, IPv4 with netmasks and labels, IPv6', async () => {
    const links = JSON.parse(tool('ip', ['-j', 'addr'])) as IpLink[];
    const addrs = await ps.netIfAddrs();
    const expected = new Set<string>();
    for (const link of links) {
      if (link.address) expected.add(`${link.ifname} 17 ${link.address}`);
      for (const a of link.addr_info ?? []) {
        if (a.family === 'inet') expected.add(`${a.label ?? link.ifname} 2 ${a.local} ${ipv4Mask(a.prefixlen)}`);
        if (a.family === 'inet6') expected.add(`${link.ifname} 10 ${a.local}`);
      }
    }
    const got = new Set<string>();
    for (const [nic, list] of Object.entries(addrs)) {
      for (const a of list) {
        if (a.family === 2) got.add(`${nic} 2 ${a.address} ${a.netmask}`);
        else got.add(`${nic} ${a.family} ${a.address.replace(/%.*$/, '')}`);
      }
    }
    expect(got).toEqual(expected);
  });

  it('netIfStats: MTU and flags exactly as ip -j link and sysfs say', async () => {
    const links = JSON.parse(tool('ip', ['-j', 'link'])) as IpLink[];
    const stats = await ps.netIfStats();
    expect(Object.keys(stats).sort()).toEqual(links.map((l) => l.ifname).sort());
    const known = new Set(['UP', 'BROADCAST', 'LOOPBACK', 'POINTOPOINT', 'MULTICAST', 'NOARP', 'PROMISC', 'ALLMULTI']);
    for (const link of links) {
      const s = stats[link.ifname];
      expect(s?.mtu).toBe(link.mtu);
      expect(s?.mtu).toBe(Number(readFileSync(`/sys/class/net/${link.ifname}/mtu`, 'utf8')));
      const names = new Set(s?.flags.split(',').filter((f) => f !== ''));
      for (const flag of link.flags.filter((f) => known.has(f))) expect(names.has(flag.toLowerCase())).toBe(true);
      const running = link.flags.includes('UP') && !link.flags.includes('NO-CARRIER');
      expect(s?.isup).toBe(running);
      expect(names.has('running')).toBe(running);
    }
  });

  it('netIoCounters (pernic, nowrap false) between two reads of /sys/class/net/<nic>/statistics', async () => {
    const nics = JSON.parse(tool('ip', ['-j', 'link'])).map((l: IpLink) => l.ifname) as string[];
    const before = Object.fromEntries(nics.map((nic) => [nic, sysfsCounters(nic)]));
    const ours = await ps.netIoCounters({ pernic: true, nowrap: false });
    const after = Object.fromEntries(nics.map((nic) => [nic, sysfsCounters(nic)]));
    expect(Object.keys(ours).sort()).toEqual([...nics].sort());
    for (const nic of nics) {
      for (const [field, value] of Object.entries(ours[nic] ?? {})) {
        expect(value, `${nic}.${field}`).toBeGreaterThanOrEqual(before[nic]?.[field] ?? Number.NaN);
        expect(value, `${nic}.${field}`).toBeLessThanOrEqual(after[nic]?.[field] ?? Number.NaN);
      }
    }
  });

  it('netConnections: this process’s TCP and UDP sockets exactly as ss -tuanp lists them', async () => {
    const conns = await ps.netConnections({ kind: 'inet' });
    const text = (a: unknown) => (a === null ? 'null' : `${(a as { ip: string }).ip}:${(a as { port: number }).port}`);
    const ours = conns
      .filter((c) => c.pid === process.pid)
      .map((c) => `${c.type === 1 ? 'tcp' : 'udp'}:${text(c.laddr)}:${text(c.raddr)}:${c.status}:${c.fd}`)
      .sort();
    const expected = ssSocketsOfThisProcess();
    expect(ours).toEqual(expected);
    // The test's own sockets are among them, and the IPv6 listener too.
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const v6Port = (v6.address() as net.AddressInfo).port;
    expect(
      conns.some(
        (c) => c.pid === process.pid && c.family === 10 && c.status === 'LISTEN' && text(c.laddr) === `::1:${v6Port}`,
      ),
    ).toBe(true);
  });
});
