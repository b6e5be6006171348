/** Types, units and keys of the network functions, and the sockets this process opens, once per backend. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, ps } from '../helpers/psnode';
import { type OpenSockets, openSockets } from './sockets';

const COUNTERS = ['bytesSent', 'bytesRecv', 'packetsSent', 'packetsRecv', 'errin', 'errout', 'dropin', 'dropout'];
const FLAG_NAMES =
  /^(up|broadcast|debug|loopback|pointopoint|notrailers|running|noarp|promisc|allmulti|master|slave|multicast|portsel|automedia|dynamic)$/;
const isCount = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

let sockets: OpenSockets;
beforeAll(async () => {
  sockets = await openSockets();
});
afterAll(async () => {
  await sockets.close();
  await ps.close();
});

describe.each(BACKENDS)('%s backend', (backend) => {
  beforeAll(() => {
    ps.configure({ backend });
    expect(ps.backendInfo().name).toBe(backend);
  });

  it('netIoCounters: totals, per NIC, and the totals are the sum', async () => {
    const perNic = await ps.netIoCounters({ pernic: true, nowrap: false });
    expect(Object.keys(perNic)).toContain('lo');
    for (const nic of Object.values(perNic)) {
      expect(Object.keys(nic)).toEqual(COUNTERS);
      for (const field of COUNTERS) expect(isCount(nic[field as keyof typeof nic])).toBe(true);
    }
    const total = await ps.netIoCounters({ nowrap: false });
    expect(total).not.toBeNull();
    const sum = Object.values(perNic).reduce((s, n) => s + n.bytesRecv, 0);
    // Read a moment later: at least the sum, and not a lot more on an idle VM.
    expect(total?.bytesRecv).toBeGreaterThanOrEqual(sum);
    expect((total?.bytesRecv ?? 0) - sum).toBeLessThan(50_000_000);
    // nowrap (default) on counters that did not wrap: the same values.
    const unwrapped = await ps.netIoCounters({ pernic: true });
    expect(unwrapped.lo?.bytesRecv).toBeGreaterThanOrEqual(perNic.lo?.bytesRecv ?? 0);
  });

  it('netIfAddrs: families, lo, MAC format, sorted by family', async () => {
    const addrs = await ps.netIfAddrs();
    expect(addrs.lo).toContainEqual({
      family: ps.AddressFamily.AF_INET,
      address: '127.0.0.1',
      netmask: '255.0.0.0',
      broadcast: null,
      ptp: null,
    });
    for (const list of Object.values(addrs)) {
      const families = list.map((a) => a.family);
      expect([...families].sort((a, b) => a - b)).toEqual(families);
      for (const a of list) {
        expect([2, 10, 17]).toContain(a.family);
        expect(a.broadcast === null || a.ptp === null).toBe(true);
        if (a.family === ps.AddressFamily.AF_LINK) {
          expect(a.address).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5,}$/);
          expect(a.netmask).toBeNull();
        }
        if (a.family === ps.AddressFamily.AF_INET6 && a.address.startsWith('fe80:')) expect(a.address).toMatch(/%/);
      }
    }
  });

  it('netIfStats: one entry per NIC of netIoCounters, psutil flags, isup = running', async () => {
    const stats = await ps.netIfStats();
    const nics = Object.keys(await ps.netIoCounters({ pernic: true }));
    expect(Object.keys(stats).sort()).toEqual([...nics].sort());
    for (const s of Object.values(stats)) {
      expect(Object.keys(s)).toEqual(['isup', 'duplex', 'speed', 'mtu', 'flags']);
      expect([0, 1, 2]).toContain(s.duplex);
      expect(isCount(s.speed)).toBe(true);
      expect(s.mtu).toBeGreaterThan(0);
      const names = s.flags === '' ? [] : s.flags.split(',');
      for (const name of names) expect(name).toMatch(FLAG_NAMES);
      expect(s.isup).toBe(names.includes('running'));
    }
    expect(stats.lo?.flags).toBe('up,loopback,running');
  });

  it('netConnections: the sockets this process holds, with pid, fd, addresses and status', async () => {
    const all = await ps.netConnections({ kind: 'all' });
    const mine = (fd: number) => all.filter((c) => c.pid === process.pid && c.fd === fd);
    expect(mine(sockets.listener.fd)).toEqual([
      {
        fd: sockets.listener.fd,
        family: ps.AddressFamily.AF_INET,
        type: ps.SocketKind.SOCK_STREAM,
        laddr: { ip: '127.0.0.1', port: sockets.listener.port },
        raddr: null,
        status: 'LISTEN',
        pid: process.pid,
      },
    ]);
    expect(mine(sockets.client.fd)).toEqual([
      {
        fd: sockets.client.fd,
        family: 2,
        type: 1,
        laddr: { ip: '127.0.0.1', port: sockets.client.port },
        raddr: { ip: '127.0.0.1', port: sockets.listener.port },
        status: 'ESTABLISHED',
        pid: process.pid,
      },
    ]);
    expect(mine(sockets.server.fd)[0]).toMatchObject({
      laddr: { ip: '127.0.0.1', port: sockets.listener.port },
      raddr: { ip: '127.0.0.1', port: sockets.client.port },
      status: 'ESTABLISHED',
    });
    expect(mine(sockets.udp.fd)).toEqual([
      {
        fd: sockets.udp.fd,
        family: 2,
        type: ps.SocketKind.SOCK_DGRAM,
        laddr: { ip: '127.0.0.1', port: sockets.udp.port },
        raddr: null,
        status: 'NONE',
        pid: process.pid,
      },
    ]);
    expect(mine(sockets.unixListener.fd)).toEqual([
      {
        fd: sockets.unixListener.fd,
        family: ps.AddressFamily.AF_UNIX,
        type: 1,
        laddr: sockets.unixListener.path,
        raddr: null,
        status: 'NONE',
        pid: process.pid,
      },
    ]);
    expect(mine(sockets.unixClient.fd)).toEqual([
      { fd: sockets.unixClient.fd, family: 1, type: 1, laddr: null, raddr: null, status: 'NONE', pid: process.pid },
    ]);
  });

  it('netConnections: each kind reads its tables only; inet is the default', async () => {
    const families = async (kind: Parameters<typeof ps.netConnections>[0]) =>
      new Set((await ps.netConnections(kind)).map((c) => `${c.family}/${c.type}`));
    const inet = await ps.netConnections();
    expect(inet.some((c) => c.pid === process.pid && c.fd === sockets.listener.fd)).toBe(true);
    expect(inet.every((c) => c.family !== 1)).toBe(true);
    for (const f of await families({ kind: 'tcp4' })) expect(f).toBe('2/1');
    for (const f of await families({ kind: 'udp' })) expect(['2/2', '10/2']).toContain(f);
    for (const f of await families({ kind: 'inet6' })) expect(['10/1', '10/2']).toContain(f);
    for (const f of await families({ kind: 'unix' })) expect(f).toMatch(/^1\/[125]$/);
    const udp4 = await ps.netConnections({ kind: 'udp4' });
    expect(udp4.some((c) => c.fd === sockets.udp.fd && c.pid === process.pid)).toBe(true);
    expect(udp4.some((c) => c.fd === sockets.listener.fd && c.pid === process.pid)).toBe(false);
  });

  it('Process.netConnections: the same sockets without pid', async () => {
    const me = await ps.Process.of();
    const inet = await me.netConnections();
    expect(inet).toContainEqual({
      fd: sockets.listener.fd,
      family: 2,
      type: 1,
      laddr: { ip: '127.0.0.1', port: sockets.listener.port },
      raddr: null,
      status: 'LISTEN',
    });
    for (const c of inet) expect('pid' in c).toBe(false);
    const fds = new Set(inet.map((c) => c.fd));
    for (const s of [sockets.listener, sockets.client, sockets.server, sockets.udp]) expect(fds.has(s.fd)).toBe(true);
    const unix = await me.netConnections({ kind: 'unix' });
    expect(unix).toContainEqual({
      fd: sockets.unixListener.fd,
      family: 1,
      type: 1,
      laddr: sockets.unixListener.path,
      raddr: null,
      status: 'NONE',
    });
  });

  it('argument errors before any work', async () => {
    await expect(ps.netConnections({ kind: 'bogus' as 'inet' })).rejects.toBeInstanceOf(RangeError);
    await expect(ps.netConnections({ kind: 4 as unknown as 'inet' })).rejects.toBeInstanceOf(TypeError);
    await expect(ps.netIoCounters({ pernic: 'yes' as unknown as boolean })).rejects.toBeInstanceOf(TypeError);
    await expect(ps.netIfAddrs({ family: 2 } as object)).rejects.toBeInstanceOf(TypeError);
    const me = await ps.Process.of();
    await expect(me.netConnections({ kind: 'bogus' as 'inet' })).rejects.toBeInstanceOf(RangeError);
  });
});
