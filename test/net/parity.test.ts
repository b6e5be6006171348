/**
 * Native and exec give the same network answers: exactly where nothing
 * moves (addresses, flags, MTU, this process's sockets), within what moves
 * for counters. A second round runs in a private network namespace (root
 * only) with point-to-point links, aliases, an address without broadcast, a
 * down tap and an interface named `__proto__`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ps, ROOT } from '../helpers/psnode';
import { type OpenSockets, openSockets } from './sockets';

async function both<T>(fn: () => Promise<T>): Promise<{ native: T; exec: T }> {
  ps.configure({ backend: 'native' });
  const native = await fn();
  ps.configure({ backend: 'exec' });
  const exec = await fn();
  return { native, exec };
}

const key = (c: object) => JSON.stringify(c);

let sockets: OpenSockets;
beforeAll(async () => {
  sockets = await openSockets();
});
afterAll(async () => {
  await sockets.close();
  await ps.close();
});

describe('native vs exec (network)', () => {
  it('netIfAddrs: identical', async () => {
    const { native, exec } = await both(() => ps.netIfAddrs());
    expect(exec).toEqual(native);
    expect(Object.keys(exec)).toEqual(Object.keys(native));
  });

  it('netIfStats: flags, MTU and isup identical; speed and duplex for running interfaces', async () => {
    const { native, exec } = await both(() => ps.netIfStats());
    expect(Object.keys(exec).sort()).toEqual(Object.keys(native).sort());
    for (const [nic, n] of Object.entries(native)) {
      const e = exec[nic];
      expect({ nic, isup: e?.isup, mtu: e?.mtu, flags: e?.flags }).toEqual({
        nic,
        isup: n.isup,
        mtu: n.mtu,
        flags: n.flags,
      });
      // sysfs answers speed and duplex only for running interfaces; ethtool also for down ones.
      if (n.isup)
        expect({ nic, speed: e?.speed, duplex: e?.duplex }).toEqual({ nic, speed: n.speed, duplex: n.duplex });
    }
  });

  it('netIoCounters: the same NICs; exec (read later) at least native, by little', async () => {
    const { native, exec } = await both(() => ps.netIoCounters({ pernic: true, nowrap: false }));
    expect(Object.keys(exec)).toEqual(Object.keys(native));
    for (const [nic, n] of Object.entries(native)) {
      for (const [field, value] of Object.entries(n)) {
        const later = exec[nic]?.[field as keyof typeof n] as number;
        expect(later, `${nic}.${field}`).toBeGreaterThanOrEqual(value);
        expect(later - value, `${nic}.${field}`).toBeLessThan(field.startsWith('bytes') ? 10_000_000 : 100_000);
      }
    }
  });

  it("netConnections: this process's sockets identical, every kind; listeners of the system identical", async () => {
    for (const kind of ['inet', 'tcp4', 'udp', 'inet6'] as const) {
      const { native, exec } = await both(() => ps.netConnections({ kind }));
      const mine = (list: typeof native) =>
        list
          .filter((c) => c.pid === process.pid)
          .map(key)
          .sort();
      expect(mine(exec), kind).toEqual(mine(native));
      const listeners = (list: typeof native) =>
        list
          .filter((c) => c.status === 'LISTEN')
          .map(key)
          .sort();
      expect(listeners(exec), kind).toEqual(listeners(native));
    }
    // unix: exec spawns its tools over socketpairs of this process; compare the test's own.
    const unix = await both(() => ps.netConnections({ kind: 'unix' }));
    const test = (list: typeof unix.native) =>
      list
        .filter((c) => c.pid === process.pid && [sockets.unixListener.fd, sockets.unixClient.fd].includes(c.fd))
        .map(key);
    expect(test(unix.exec)).toEqual(test(unix.native));
    expect(test(unix.native)).toHaveLength(2);
  });

  it('Process.netConnections: identical', async () => {
    const { native, exec } = await both(async () => (await ps.Process.of()).netConnections({ kind: 'inet' }));
    expect(exec.map(key).sort()).toEqual(native.map(key).sort());
    expect(native.length).toBeGreaterThanOrEqual(4);
  });
});

/** Whether this process may make network namespaces (root, iproute2 with netns, tun). */
function netnsUsable(): boolean {
  if (process.getuid?.() !== 0) return false;
  const name = `psnode-probe-${process.pid}`;
  const made = spawnSync('ip', ['netns', 'add', name], { stdio: 'ignore' }).status === 0;
  if (made) spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  return made;
}

const SETUP = `
ip link set lo up
ip tuntap add dev tun0 mode tun
ip link set tun0 up
ip addr add 10.8.0.1 peer 10.8.0.2 dev tun0
ip -6 addr add fd10::1 peer fd10::2 dev tun0 nodad
ip -6 addr add fd10::5/64 dev tun0 nodad
ip link add veth0 type veth peer name __proto__
ip link set __proto__ mtu 9000 promisc on allmulticast on up
ip link set veth0 up
ip addr add 192.0.2.10/24 brd + dev veth0
ip addr add 192.0.2.11/24 brd + dev veth0 label veth0:1
ip addr add 198.51.100.5/24 dev veth0
ip -6 addr add 2001:db8::5/64 dev veth0 nodad
ip -6 addr add fe80::1234/64 dev __proto__ nodad
ip tuntap add dev tap0 mode tap
`;

const IN_NAMESPACE = `
const ps = require(${JSON.stringify(`${ROOT}/dist/index.js`)});
(async () => {
  const out = {};
  for (const backend of ['native', 'exec']) {
    ps.configure({ backend });
    out[backend] = { addrs: await ps.netIfAddrs(), stats: await ps.netIfStats(), io: await ps.netIoCounters({ pernic: true }) };
    out[backend].keys = Object.keys(out[backend].addrs);
  }
  await ps.close();
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe.skipIf(!netnsUsable())('native vs exec in a network namespace with unusual interfaces', () => {
  const ns = `psnode-test-${process.pid}`;
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['netns', 'exec', ns, 'sh', '-euc', SETUP]);
  });
  afterAll(() => {
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  });

  it('netIfAddrs, netIfStats and netIoCounters agree', () => {
    const out = JSON.parse(
      execFileSync('ip', ['netns', 'exec', ns, process.execPath, '-e', IN_NAMESPACE], { encoding: 'utf8' }),
    ) as Record<
      'native' | 'exec',
      { addrs: Record<string, unknown[]>; stats: Record<string, Record<string, unknown>>; io: object; keys: string[] }
    >;
    expect(out.exec.addrs).toEqual(out.native.addrs);
    expect(out.exec.keys).toEqual(out.native.keys);
    expect(out.native.keys).toContain('__proto__');
    expect(out.native.addrs['veth0:1']).toEqual([
      { family: 2, address: '192.0.2.11', netmask: '255.255.255.0', broadcast: '192.0.2.255', ptp: null },
    ]);
    expect(out.native.addrs.tun0).toEqual([
      { family: 2, address: '10.8.0.1', netmask: '255.255.255.255', broadcast: null, ptp: '10.8.0.2' },
      { family: 10, address: 'fd10::5', netmask: 'ffff:ffff:ffff:ffff::', broadcast: null, ptp: null },
      {
        family: 10,
        address: 'fd10::1',
        netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
        broadcast: null,
        ptp: 'fd10::2',
      },
    ]);
    expect(out.native.addrs.veth0).toContainEqual({
      family: 2,
      address: '198.51.100.5',
      netmask: '255.255.255.0',
      broadcast: '198.51.100.5',
      ptp: null,
    });
    expect(Object.keys(out.exec.io).sort()).toEqual(Object.keys(out.native.io).sort());
    for (const [nic, n] of Object.entries(out.native.stats)) {
      const e = out.exec.stats[nic] as Record<string, unknown>;
      expect({ nic, isup: e.isup, mtu: e.mtu, flags: e.flags }).toEqual({
        nic,
        isup: n.isup,
        mtu: n.mtu,
        flags: n.flags,
      });
      if (nic !== 'tap0')
        expect({ nic, speed: e.speed, duplex: e.duplex }).toEqual({ nic, speed: n.speed, duplex: n.duplex });
    }
    expect(out.native.stats.tun0).toEqual({
      isup: false,
      duplex: 2,
      speed: 10000,
      mtu: 1500,
      flags: 'up,pointopoint,noarp,multicast',
    });
    expect(Object.getOwnPropertyDescriptor(out.native.stats, '__proto__')?.value.flags).toBe(
      'up,broadcast,running,promisc,allmulti,multicast',
    );
    // A down tap: ethtool answers (native), sysfs does not (exec).
    expect(out.exec.stats.tap0).toMatchObject({ speed: 0, duplex: 0 });
  });
});
