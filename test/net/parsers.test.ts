/** The network parsers of the exec backend against real captures (test/fixtures/linux/net) and malformed input. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FileLines, parseGrepLines } from '../../src/backends/exec/linux/parsers/batch-output';
import {
  decodeProcNetAddress,
  formatIpv6,
  linkAddressHex,
  netmaskOf,
  parseIpv6,
} from '../../src/backends/exec/linux/parsers/net-address';
import { parseProcNetDev } from '../../src/backends/exec/linux/parsers/net-dev';
import { linkSpeedOf, parseIpAddrJson, parseIpLinkJson } from '../../src/backends/exec/linux/parsers/net-ip';
import {
  joinConnections,
  parseSocketFds,
  parseSocketTable,
  type SocketRow,
  socketOwners,
} from '../../src/backends/exec/linux/parsers/net-sockets';
import { NET_SOCKET_TABLES, type RawNetIfStats } from '../../src/backends/net-types';
import { expectParseError } from '../parsers/expect-parse-error';
import { LINUX_FIXTURES, linuxFixture } from '../parsers/fixtures';

const MACHINE = 'vm-debian12-2cpu';
const net = (file: string) => linuxFixture(`net/${file}`);

describe('parseProcNetDev', () => {
  it('reads a real capture: psutil fields, file order', () => {
    const rows = parseProcNetDev(net(`dev-${MACHINE}.txt`));
    expect(rows.map((r) => r.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(rows[3]).toEqual({
      name: 'eth0',
      bytesRecv: 518924362,
      packetsRecv: 17555,
      errin: 0,
      dropin: 0,
      bytesSent: 1181900,
      packetsSent: 11494,
      errout: 0,
      dropout: 0,
    });
  });

  it('maps every column of a hand-made row to its field', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      'enp0s31f6:4294967296 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16',
      '',
    ].join('\n');
    expect(parseProcNetDev(text)).toEqual([
      {
        name: 'enp0s31f6',
        bytesRecv: 4294967296,
        packetsRecv: 2,
        errin: 3,
        dropin: 4,
        bytesSent: 9,
        packetsSent: 10,
        errout: 11,
        dropout: 12,
      },
    ]);
  });

  it('an interface-less namespace gives no rows', () => {
    expect(parseProcNetDev(net(`dev-${MACHINE}.txt`).split('\n').slice(0, 2).join('\n'))).toEqual([]);
  });

  const header = net(`dev-${MACHINE}.txt`).split('\n').slice(0, 2).join('\n');
  it.each([
    ['empty output', ''],
    [
      'no header',
      '    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0\n',
    ],
    ['short row', `${header}\n  eth0: 1 2 3\n`],
    ['long row', `${header}\n  eth0: ${'1 '.repeat(17)}\n`],
    ['garbage counter', `${header}\n  eth0: 1 2 x 4 5 6 7 8 9 10 11 12 13 14 15 16\n`],
    ['negative counter', `${header}\n  eth0: 1 2 -3 4 5 6 7 8 9 10 11 12 13 14 15 16\n`],
    ['no name', `${header}\n  : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n`],
    ['no colon', `${header}\n  eth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n`],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => parseProcNetDev(text));
  });
});

describe('addresses', () => {
  // Expected values: glibc's inet_ntop (Python's socket.inet_ntop on the capture machine).
  it.each([
    ['::2', '::2'],
    ['::', '::'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::1.2.3.4', '::1.2.3.4'],
    ['1::', '1::'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['0:0:1::', '0:0:1::'],
    ['::ffff:0:1.2.3.4', '::ffff:0:102:304'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['FE80:0000::00FC:ff:fe00:1', 'fe80::fc:ff:fe00:1'],
    ['::0.0.1.0', '::100'],
    ['0:0:0:0:0:1:0:0', '::1:0:0'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ])('formatIpv6(%s) = %s, as glibc', (input, expected) => {
    const bytes = parseIpv6(input);
    expect(bytes).not.toBeNull();
    expect(formatIpv6(bytes as Uint8Array)).toBe(expected);
  });

  it.each(['1:2:3:4:5:6:7', '1::2::3', 'g::1', '1:2:3:4:5:6:7:8:9', '::1.2.3.256', '12345::'])(
    'parseIpv6 refuses %s',
    (text) => {
      expect(parseIpv6(text)).toBeNull();
    },
  );

  it('decodes /proc/net addresses: words in host order (psutil #201)', () => {
    const le = (token: string, family: 'inet' | 'inet6') => decodeProcNetAddress(token, family, 'LE', 'test');
    expect(le('0500000A:0016', 'inet')).toEqual({ ip: '10.0.0.5', port: 22 });
    expect(le('0100007F:9851', 'inet')).toEqual({ ip: '127.0.0.1', port: 38993 });
    expect(le('00000000000000000000000001000000:0016', 'inet6')).toEqual({ ip: '::1', port: 22 });
    // psutil's docstring example: an IPv4-mapped address.
    expect(le('0000000000000000FFFF00000100007F:9E49', 'inet6')).toEqual({ ip: '::ffff:127.0.0.1', port: 40521 });
    expect(le('B80D0120000000000000000001000000:0050', 'inet6')).toEqual({ ip: '2001:db8::1', port: 80 });
    expect(le('000080FE00000000FF00FC00010000FE:01BB', 'inet6')).toEqual({ ip: 'fe80::fc:ff:fe00:1', port: 443 });
    expect(le('00000000000000000000000000000000:0000', 'inet6')).toEqual({ ip: '::', port: 0 });
    // A big-endian machine prints the same words in network order.
    expect(decodeProcNetAddress('7F000001:0016', 'inet', 'BE', 'test')).toEqual({ ip: '127.0.0.1', port: 22 });
    expect(decodeProcNetAddress('20010DB8000000000000000000000001:0050', 'inet6', 'BE', 'test')).toEqual({
      ip: '2001:db8::1',
      port: 80,
    });
  });

  it.each([
    ['0100007F', 'inet'],
    ['0100007F:16', 'inet'],
    ['0100007:0016', 'inet'],
    ['0100007G:0016', 'inet'],
    ['0100007F:0016', 'inet6'],
    ['000000000000000000000000010000:0016', 'inet6'],
  ] as const)('decodeProcNetAddress(%s, %s) → ParseError', (token, family) => {
    expectParseError(() => decodeProcNetAddress(token, family, 'LE', 'test'));
  });

  it('netmasks from prefix lengths', () => {
    expect(netmaskOf('inet', 8, 't')).toBe('255.0.0.0');
    expect(netmaskOf('inet', 0, 't')).toBe('0.0.0.0');
    expect(netmaskOf('inet', 23, 't')).toBe('255.255.254.0');
    expect(netmaskOf('inet6', 64, 't')).toBe('ffff:ffff:ffff:ffff::');
    expect(netmaskOf('inet6', 128, 't')).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(netmaskOf('inet6', 10, 't')).toBe('ffc0::');
    expectParseError(() => netmaskOf('inet', 33, 't'));
    expectParseError(() => netmaskOf('inet6', -1, 't'));
  });

  it('link addresses: hex bytes, and the IP forms ip prints for tunnels', () => {
    expect(linkAddressHex('02:FC:00:00:00:01', 't')).toBe('02:fc:00:00:00:01');
    expect(linkAddressHex('192.0.2.77', 't')).toBe('c0:00:02:4d');
    expect(linkAddressHex('2001:db8::1', 't')).toBe('20:01:0d:b8:00:00:00:00:00:00:00:00:00:00:00:01');
    expectParseError(() => linkAddressHex('zz:00', 't'));
    expectParseError(() => linkAddressHex('0:1:2', 't'));
  });
});

describe('parseIpAddrJson / parseIpLinkJson', () => {
  it('reads a real capture of this machine', () => {
    const entries = parseIpAddrJson(net(`ip-addr-${MACHINE}.json`));
    expect(entries.map((e) => [e.name, e.family, e.address])).toEqual([
      ['lo', 17, '00:00:00:00:00:00'],
      ['ifb0', 17, 'f6:b7:15:0b:41:a1'],
      ['ifb1', 17, '4a:19:50:91:00:c1'],
      ['eth0', 17, '02:fc:00:00:00:01'],
      ['lo', 2, '127.0.0.1'],
      ['eth0', 2, '192.0.2.2'],
      ['lo', 10, '::1'],
      ['eth0', 10, 'fd00::2'],
      ['eth0', 10, 'fe80::fc:ff:fe00:1%eth0'],
    ]);
    expect(entries.find((e) => e.address === '192.0.2.2')).toMatchObject({
      netmask: '255.255.255.0',
      broadcast: '192.0.2.255',
      ptp: null,
    });
    // lo is neither broadcast nor point-to-point: no second address at all.
    expect(entries.filter((e) => e.name === 'lo').every((e) => e.broadcast === null && e.ptp === null)).toBe(true);
    expect(parseIpLinkJson(net(`ip-link-${MACHINE}.json`))).toEqual([
      { name: 'lo', flags: 0x49, mtu: 65536 },
      { name: 'ifb0', flags: 0x82, mtu: 1500 },
      { name: 'ifb1', flags: 0x82, mtu: 1500 },
      { name: 'eth0', flags: 0x1043, mtu: 1400 },
    ]);
  });

  it('equals what getifaddrs gave the addon in the same namespace: ptp, aliases, no broadcast, __proto__', () => {
    const native = JSON.parse(net('native-netns-tun-veth.json')) as {
      netIfAddrs: unknown[];
      netIfStats: RawNetIfStats[];
    };
    expect(parseIpAddrJson(net('ip-addr-netns-tun-veth.json'))).toEqual(native.netIfAddrs);
    const links = parseIpLinkJson(net('ip-link-netns-tun-veth.json'));
    expect(links).toEqual(native.netIfStats.map(({ name, flags, mtu }) => ({ name, flags, mtu })));
  });

  it('takes the speed and duplex sysfs knows; a down interface is unknown there', () => {
    const names = ['lo', 'tun0', '__proto__', 'veth0', 'tap0'];
    const files = names.flatMap((n) => [`/sys/class/net/${n}/speed`, `/sys/class/net/${n}/duplex`]);
    const read = parseGrepLines(net('sysfs-netns-tun-veth.txt'), net('sysfs-netns-tun-veth.stderr.txt'), files);
    const speeds = names.map((n) =>
      linkSpeedOf(read.get(`/sys/class/net/${n}/speed`), read.get(`/sys/class/net/${n}/duplex`), n),
    );
    expect(speeds).toEqual([
      { speed: 0, duplex: 0 },
      { speed: 10000, duplex: 2 },
      { speed: 10000, duplex: 2 },
      { speed: 10000, duplex: 2 },
      // ethtool answers for a down tap (native: 10000, full); sysfs does not.
      { speed: 0, duplex: 0 },
    ]);
    const mine = ['lo', 'ifb0', 'ifb1', 'eth0'];
    const here = parseGrepLines(
      net(`sysfs-${MACHINE}.txt`),
      net(`sysfs-${MACHINE}.stderr.txt`),
      mine.flatMap((n) => [`/sys/class/net/${n}/speed`, `/sys/class/net/${n}/duplex`]),
    );
    // virtio: speed -1 (SPEED_UNKNOWN), duplex unknown.
    expect(linkSpeedOf(here.get('/sys/class/net/eth0/speed'), here.get('/sys/class/net/eth0/duplex'), 'eth0')).toEqual({
      speed: 0,
      duplex: 0,
    });
  });

  it.each([
    ['not JSON', '[{'],
    ['not an array', '{}'],
    ['a link is not an object', '[1]'],
    ['no ifname', '[{"flags":[],"mtu":1500}]'],
    ['flags not an array', '[{"ifname":"x","flags":"UP","mtu":1500}]'],
    ['bad mtu', '[{"ifname":"x","flags":[],"mtu":-1}]'],
    ['addr_info not an array', '[{"ifname":"x","flags":[],"mtu":1,"addr_info":{}}]'],
    ['address without local', '[{"ifname":"x","flags":[],"mtu":1,"addr_info":[{"family":"inet","prefixlen":8}]}]'],
    [
      'bad prefix',
      '[{"ifname":"x","flags":[],"mtu":1,"addr_info":[{"family":"inet","local":"1.2.3.4","prefixlen":40}]}]',
    ],
    ['bad IPv6', '[{"ifname":"x","flags":[],"mtu":1,"addr_info":[{"family":"inet6","local":"1:::2","prefixlen":64}]}]'],
    ['bad link address', '[{"ifname":"x","flags":[],"mtu":1,"address":"nope"}]'],
  ])('%s → ParseError', (_name, text) => {
    expectParseError(() => {
      parseIpAddrJson(text);
      parseIpLinkJson(text);
    });
  });

  it('linkSpeedOf: unexpected values and errors → ParseError', () => {
    const ok = (line: string): FileLines => ({ ok: true, lines: [line] });
    const failed = (code: string): FileLines => ({ ok: false, error: { code, errno: 1, syscall: 'open' } });
    expectParseError(() => linkSpeedOf(ok('fast'), ok('full'), 'x'));
    expectParseError(() => linkSpeedOf(ok('100'), ok('quarter'), 'x'));
    expectParseError(() => linkSpeedOf(ok('100'), failed('EACCES'), 'x'));
    expectParseError(() => linkSpeedOf({ ok: true, lines: [] }, ok('full'), 'x'));
    expectParseError(() => linkSpeedOf(undefined, ok('full'), 'x'));
    expect(linkSpeedOf(ok('100'), ok('half'), 'x')).toEqual({ speed: 100, duplex: 1 });
    expect(linkSpeedOf(failed('EINVAL'), failed('EINVAL'), 'x')).toEqual({ speed: 0, duplex: 0 });
  });
});

/** The socket tables of the capture, parsed as the backend parses them. */
function capturedRows(): SocketRow[] {
  const files = NET_SOCKET_TABLES.map((t) => `/proc/net/${t}`);
  const read = parseGrepLines(net(`sockets-${MACHINE}.txt`), net(`sockets-${MACHINE}.stderr.txt`), files);
  return NET_SOCKET_TABLES.flatMap((table) => {
    const lines = read.get(`/proc/net/${table}`);
    if (!lines?.ok) throw new Error(`no ${table} in the capture`);
    return parseSocketTable(lines.lines, table, 'LE');
  });
}

describe('socket tables, socket fds and their join', () => {
  const holder = JSON.parse(net(`sockets-${MACHINE}.holder.json`)) as {
    pid: number;
    sockets: Record<string, { fd?: number; laddr?: { address: string; port: number }; path?: string }>;
  };
  const fdsRaw = readFileSync(path.join(LINUX_FIXTURES, `net/socket-fds-${MACHINE}.bin`), 'latin1');
  const fds = parseSocketFds(fdsRaw, net(`socket-fds-${MACHINE}.stderr.txt`));
  const all = joinConnections(capturedRows(), socketOwners(fds.links, new Set(fds.failed.keys())), null);
  const sock = (name: string) => holder.sockets[name] as NonNullable<(typeof holder.sockets)[string]>;
  const byFd = (fd: number | undefined) => all.filter((c) => c.pid === holder.pid && c.fd === fd);

  it('find: links, closed fds ignored, unreadable processes listed', () => {
    expect(fds.links.filter((l) => l.pid === holder.pid)).toHaveLength(15);
    // pid 1 lives in another user namespace: its fd links are EACCES even for root.
    expect(fds.failed.get(1)).toBe('Permission denied');
    expect([...fds.failed.values()].every((m) => m === 'Permission denied')).toBe(true);
    // Two fds of other processes closed between find's listing and its readlink: no failure.
    expect(fds.closedFds).toBe(2);
  });

  it('every socket the holder opened, with its pid, fd, addresses and status', () => {
    const listen = sock('tcp4Listen');
    expect(byFd(listen.fd)).toEqual([
      {
        fd: listen.fd,
        family: 2,
        type: 1,
        laddr: { ip: '127.0.0.1', port: listen.laddr?.port },
        raddr: null,
        status: 'LISTEN',
        pid: holder.pid,
      },
    ]);
    expect(byFd(sock('tcp4Client').fd)[0]).toMatchObject({
      status: 'ESTABLISHED',
      raddr: { ip: '127.0.0.1', port: listen.laddr?.port },
    });
    expect(byFd(sock('tcp4Server').fd)[0]).toMatchObject({
      status: 'ESTABLISHED',
      laddr: { port: listen.laddr?.port },
    });
    expect(byFd(sock('tcp6Listen').fd)[0]).toMatchObject({ family: 10, laddr: { ip: '::' }, status: 'LISTEN' });
    expect(byFd(sock('tcp6Mapped').fd)[0]).toMatchObject({
      family: 10,
      laddr: { ip: '::ffff:127.0.0.1', port: sock('tcp6Listen').laddr?.port },
      raddr: { ip: '::ffff:127.0.0.1', port: sock('tcp6MappedClient').laddr?.port },
    });
    expect(byFd(sock('tcp6Loop').fd)[0]).toMatchObject({ family: 10, laddr: { ip: '::1' }, status: 'LISTEN' });
    expect(byFd(sock('udp4').fd)[0]).toMatchObject({ family: 2, type: 2, status: 'NONE', raddr: null });
    expect(byFd(sock('udp4Connected').fd)[0]).toMatchObject({
      raddr: { ip: '127.0.0.1', port: sock('udp4').laddr?.port },
    });
    expect(byFd(sock('udp6').fd)[0]).toMatchObject({ family: 10, type: 2, laddr: { ip: '::1' } });
    expect(byFd(sock('unixListen').fd)).toEqual([
      {
        fd: sock('unixListen').fd,
        family: 1,
        type: 1,
        laddr: sock('unixListen').path,
        raddr: null,
        status: 'NONE',
        pid: holder.pid,
      },
    ]);
    expect(byFd(sock('unixClient').fd)[0]).toMatchObject({ family: 1, laddr: null });
    // A path holding a newline spans two lines of /proc/net/unix (psutil #766).
    expect(byFd(sock('unixNewline').fd)[0]?.laddr).toBe(sock('unixNewline').path);
    // An abstract name: '@', and the NUL padding Node binds with, as '@'s.
    expect(byFd(sock('unixAbstract').fd)[0]?.laddr).toMatch(/^@psnode-fixture-abstract@*$/);
  });

  it('a socket nobody holds (TIME_WAIT) and those of processes we may not read: pid null, fd -1', () => {
    const timeWait = all.filter((c) => c.status === 'TIME_WAIT');
    expect(timeWait).toEqual([
      {
        fd: -1,
        family: 2,
        type: 1,
        laddr: { ip: '127.0.0.1', port: sock('timeWait').laddr?.port },
        raddr: { ip: '127.0.0.1', port: sock('tcp4Listen').laddr?.port },
        status: 'TIME_WAIT',
        pid: null,
      },
    ]);
    // The listener of port 2024 belongs to a process outside our pid namespace.
    expect(all.find((c) => c.laddr !== null && typeof c.laddr === 'object' && c.laddr.port === 2024)).toMatchObject({
      pid: null,
      fd: -1,
    });
  });

  it('with a pid: only that process, every fd of a unix socket', () => {
    const mine = socketOwners(fds.links.filter((l) => l.pid === holder.pid));
    const only = joinConnections(capturedRows(), mine, holder.pid);
    expect(new Set(only.map((c) => c.pid))).toEqual(new Set([holder.pid]));
    expect(only).toHaveLength(15);
  });

  it('owners: the highest pid holding a socket, its fds ascending (psutil)', () => {
    const owners = socketOwners([
      { pid: 20, fd: 7, inode: '5' },
      { pid: 10, fd: 3, inode: '5' },
      { pid: 20, fd: 4, inode: '5' },
      { pid: 10, fd: 1, inode: '6' },
    ]);
    expect(owners.get('5')).toEqual({ pid: 20, fds: [4, 7] });
    expect(owners.get('6')).toEqual({ pid: 10, fds: [1] });
    const rows: SocketRow[] = [
      { family: 2, type: 1, laddr: { ip: '0.0.0.0', port: 80 }, raddr: null, status: 'LISTEN', inode: '5' },
      { family: 1, type: 1, laddr: '/run/x', raddr: null, status: 'NONE', inode: '5' },
    ];
    expect(joinConnections(rows, owners, null).map((c) => [c.family, c.pid, c.fd])).toEqual([
      [2, 20, 4],
      [1, 20, 4],
      [1, 20, 7],
    ]);
  });
});

describe('malformed socket input → ParseError', () => {
  const tcpHeader = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
  const row = '   0: 0100007F:9851 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 434496 1 0';
  it.each([
    ['no header', 'tcp', [row]],
    ['empty table', 'tcp', []],
    ['unix header on tcp', 'tcp', ['Num       RefCount Protocol Flags    Type St Inode Path', row]],
    ['short row', 'tcp', [tcpHeader, '   0: 0100007F:9851 00000000:0000 0A']],
    ['unknown TCP state', 'tcp', [tcpHeader, row.replace(' 0A ', ' 0C ')]],
    ['bad address', 'tcp', [tcpHeader, row.replace('0100007F:9851', '0100007F9851')]],
    ['IPv4 address in tcp6', 'tcp6', [tcpHeader, row]],
    ['bad inode', 'udp', [tcpHeader, row.replace(' 434496 ', ' x ')]],
    ['unix row first garbage', 'unix', ['Num       RefCount Protocol Flags    Type St Inode Path', 'garbage']],
    ['unix without header', 'unix', ['0000000000000000: 00000002 00000000 00010000 0001 01 433807 /x']],
  ] as const)('%s', (_name, table, lines) => {
    expectParseError(() => parseSocketTable(lines, table, 'LE'));
  });

  it('a unix row with no path cannot be continued', () => {
    const lines = [
      'Num       RefCount Protocol Flags    Type St Inode Path',
      '0000000000000000: 00000003 00000000 00000000 0001 03 361792',
      'stray',
    ];
    expectParseError(() => parseSocketTable(lines, 'unix', 'LE'));
  });

  it.each([
    ['output ends mid-record', '/proc/1/fd/3\0socket:[5]', ''],
    ['odd field count', '/proc/1/fd/3\0socket:[5]\0/proc/1/fd/4\0', ''],
    ['not an fd path', '/proc/1/cwd\0socket:[5]\0', ''],
    ['not a socket link', '/proc/1/fd/3\0pipe:[5]\0', ''],
    ['a foreign message', '', "find: '/etc': Permission denied\n"],
    ['an unquoted message', '', 'find: something went wrong\n'],
  ])('socket fds: %s', (_name, stdout, stderr) => {
    expectParseError(() => parseSocketFds(stdout, stderr));
  });
});
