/**
 * The shared TypeScript of the network functions (src/api/net.ts) over a fake
 * dispatch: argument checks before any call, records keyed by name (even
 * `__proto__`), sums, wrap correction, psutil's sort and MAC padding, flag
 * names, merged duplicates.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flagNames, netConnections, netIfAddrs, netIfStats, netIoCounters } from '../../src/api/net';
import { resetCounterCache } from '../../src/api/wrap';

const { calls, answers } = vi.hoisted(() => ({
  calls: [] as Array<{ method: string; args: unknown[] }>,
  answers: new Map<string, unknown>(),
}));

vi.mock('../../src/workers/dispatch', () => ({
  call: async (method: string, args: unknown[]) => {
    calls.push({ method, args });
    if (!answers.has(method)) throw new Error(`no fake answer for ${method}`);
    return structuredClone(answers.get(method));
  },
}));

const counters = (name: string, bytesRecv: number) => ({
  name,
  bytesSent: 1,
  bytesRecv,
  packetsSent: 2,
  packetsRecv: 3,
  errin: 0,
  errout: 0,
  dropin: 4,
  dropout: 0,
});

beforeEach(() => {
  calls.length = 0;
  answers.clear();
  resetCounterCache();
});

describe('argument checks run before any backend call', () => {
  it.each([
    ['netConnections kind bogus', () => netConnections({ kind: 'bogus' as 'inet' }), RangeError],
    ['netConnections kind INET', () => netConnections({ kind: 'INET' as 'inet' }), RangeError],
    ['netConnections kind 1', () => netConnections({ kind: 1 as unknown as 'inet' }), TypeError],
    ['netConnections unknown option', () => netConnections({ pid: 1 } as object), TypeError],
    ['netConnections not an object', () => netConnections('tcp' as unknown as object), TypeError],
    ['netIoCounters pernic 1', () => netIoCounters({ pernic: 1 as unknown as boolean }), TypeError],
    ['netIoCounters nowrap null', () => netIoCounters({ nowrap: null as unknown as boolean }), TypeError],
    ['netIoCounters timeout -1', () => netIoCounters({ timeout: -1 }), RangeError],
    ['netIfAddrs bogus option', () => netIfAddrs({ all: true } as object), TypeError],
    ['netIfStats signal {}', () => netIfStats({ signal: {} as AbortSignal }), TypeError],
  ])('%s', async (_name, fn, type) => {
    await expect(fn()).rejects.toBeInstanceOf(type);
    expect(calls).toEqual([]);
  });

  it('every kind is accepted and passed on; inet is the default', async () => {
    answers.set('netConnections', []);
    for (const kind of [
      'inet',
      'inet4',
      'inet6',
      'tcp',
      'tcp4',
      'tcp6',
      'udp',
      'udp4',
      'udp6',
      'unix',
      'all',
    ] as const) {
      await netConnections({ kind });
    }
    await netConnections();
    expect(calls.map((c) => c.args)).toEqual([
      ...['inet', 'inet4', 'inet6', 'tcp', 'tcp4', 'tcp6', 'udp', 'udp4', 'udp6', 'unix', 'all'].map((k) => [k, null]),
      ['inet', null],
    ]);
  });
});

describe('netIoCounters', () => {
  it('sums, keys by name (own properties, __proto__ included), null without NICs', async () => {
    answers.set('netIoCounters', [counters('lo', 10), counters('__proto__', 5)]);
    const perNic = await netIoCounters({ pernic: true });
    expect(Object.keys(perNic)).toEqual(['lo', '__proto__']);
    expect(Object.hasOwn(perNic, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(perNic)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(perNic, '__proto__')?.value.bytesRecv).toBe(5);
    expect(await netIoCounters()).toEqual({
      bytesSent: 2,
      bytesRecv: 15,
      packetsSent: 4,
      packetsRecv: 6,
      errin: 0,
      errout: 0,
      dropin: 8,
      dropout: 0,
    });
    answers.set('netIoCounters', []);
    expect(await netIoCounters()).toBeNull();
    expect(await netIoCounters({ pernic: true })).toEqual({});
  });

  it('nowrap: a counter that went back (32-bit wrap, driver reload) keeps growing; nowrap false shows it raw', async () => {
    const max = 2 ** 32 - 1;
    answers.set('netIoCounters', [counters('eth0', max - 100)]);
    await netIoCounters();
    answers.set('netIoCounters', [counters('eth0', 50)]);
    expect((await netIoCounters())?.bytesRecv).toBe(max - 100 + 50);
    expect((await netIoCounters({ pernic: true })).eth0?.bytesRecv).toBe(max - 100 + 50);
    expect((await netIoCounters({ nowrap: false }))?.bytesRecv).toBe(50);
    resetCounterCache('netIoCounters');
    expect((await netIoCounters())?.bytesRecv).toBe(50);
  });
});

describe('netIfAddrs', () => {
  it('sorts by family (stable), pads short MACs with :00, keys by name', async () => {
    answers.set('netIfAddrs', [
      {
        name: 'ib0',
        family: 17,
        address: '80:00:00:48:fe:80:00:00:00:00:00:00',
        netmask: null,
        broadcast: null,
        ptp: null,
      },
      { name: 'sit1', family: 17, address: 'c0:00:02:4d', netmask: null, broadcast: null, ptp: '00:00:00:00' },
      { name: 'eth0', family: 2, address: '10.0.0.1', netmask: '255.0.0.0', broadcast: '10.255.255.255', ptp: null },
      {
        name: 'eth0',
        family: 10,
        address: 'fe80::1%eth0',
        netmask: 'ffff:ffff:ffff:ffff::',
        broadcast: null,
        ptp: null,
      },
      { name: 'eth0', family: 2, address: '10.0.0.2', netmask: '255.0.0.0', broadcast: '10.255.255.255', ptp: null },
      {
        name: 'eth0',
        family: 17,
        address: '02:00:00:00:00:01',
        netmask: null,
        broadcast: 'ff:ff:ff:ff:ff:ff',
        ptp: null,
      },
      { name: '__proto__', family: 2, address: '10.1.0.1', netmask: '255.255.0.0', broadcast: null, ptp: null },
    ]);
    const addrs = await netIfAddrs();
    // Keys in the order of their first address after the sort by family.
    expect(Object.keys(addrs)).toEqual(['eth0', '__proto__', 'ib0', 'sit1']);
    expect(addrs.eth0?.map((a) => a.address)).toEqual(['10.0.0.1', '10.0.0.2', 'fe80::1%eth0', '02:00:00:00:00:01']);
    expect(addrs.sit1?.[0]?.address).toBe('c0:00:02:4d:00:00');
    expect(addrs.ib0?.[0]?.address).toBe('80:00:00:48:fe:80:00:00:00:00:00:00');
    expect(Object.hasOwn(addrs, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(addrs, '__proto__')?.value).toEqual([
      { family: 2, address: '10.1.0.1', netmask: '255.255.0.0', broadcast: null, ptp: null },
    ]);
  });
});

describe('netIfStats', () => {
  it('names the flags in psutil order; isup is running', async () => {
    answers.set('netIfStats', [
      { name: 'lo', flags: 0x49, mtu: 65536, duplex: 0, speed: 0 },
      { name: 'tun0', flags: 0x1091, mtu: 1500, duplex: 2, speed: 10000 },
      { name: 'bond0', flags: 0xffff, mtu: 9000, duplex: 1, speed: 100 },
    ]);
    expect(await netIfStats()).toEqual({
      lo: { isup: true, duplex: 0, speed: 0, mtu: 65536, flags: 'up,loopback,running' },
      tun0: { isup: false, duplex: 2, speed: 10000, mtu: 1500, flags: 'up,pointopoint,noarp,multicast' },
      bond0: {
        isup: true,
        duplex: 1,
        speed: 100,
        mtu: 9000,
        flags:
          'up,broadcast,debug,loopback,pointopoint,notrailers,running,noarp,promisc,allmulti,master,slave,multicast,portsel,automedia,dynamic',
      },
    });
    expect(flagNames(0)).toBe('');
    expect(flagNames(0x1043)).toBe('up,broadcast,running,multicast');
  });
});

describe('netConnections', () => {
  it('merges identical entries (psutil returns a set), keeps first-seen order', async () => {
    const unowned = { fd: -1, family: 1, type: 1, laddr: null, raddr: null, status: 'NONE', pid: null };
    const listen = {
      fd: 3,
      family: 2,
      type: 1,
      laddr: { ip: '0.0.0.0', port: 80 },
      raddr: null,
      status: 'LISTEN',
      pid: 7,
    };
    answers.set('netConnections', [listen, unowned, unowned, { ...unowned, type: 2 }, unowned]);
    expect(await netConnections({ kind: 'all' })).toEqual([listen, unowned, { ...unowned, type: 2 }]);
  });
});
