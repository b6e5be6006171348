/**
 * Public types of the network functions (psutil's `net_*` on Linux). Counters
 * are cumulative since the interface appeared (or since boot); sizes in bytes.
 */

/** Address families, with Linux's numbers (psutil's `socket.AF_*` and `psutil.AF_LINK`). */
export const AddressFamily = {
  /** Unix domain sockets (`socket.AF_UNIX`). */
  AF_UNIX: 1,
  /** IPv4. */
  AF_INET: 2,
  /** IPv6. */
  AF_INET6: 10,
  /** Link layer (MAC) addresses: `AF_PACKET` on Linux, which psutil calls `AF_LINK`. */
  AF_LINK: 17,
} as const;
export type AddressFamily = (typeof AddressFamily)[keyof typeof AddressFamily];

/** Socket types, with Linux's numbers (`socket.SOCK_*`). */
export const SocketKind = {
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOCK_RAW: 3,
  SOCK_RDM: 4,
  SOCK_SEQPACKET: 5,
} as const;
export type SocketKind = (typeof SocketKind)[keyof typeof SocketKind];

/** Duplex of a network interface, as psutil's `NIC_DUPLEX_*`. */
export const NicDuplex = {
  NIC_DUPLEX_UNKNOWN: 0,
  NIC_DUPLEX_HALF: 1,
  NIC_DUPLEX_FULL: 2,
} as const;
export type NicDuplex = (typeof NicDuplex)[keyof typeof NicDuplex];

/** Traffic counters of one interface (or of all of them summed), psutil's `snetio`. */
export interface NetIoCounters {
  /** Bytes sent. */
  bytesSent: number;
  /** Bytes received. */
  bytesRecv: number;
  /** Packets sent. */
  packetsSent: number;
  /** Packets received. */
  packetsRecv: number;
  /** Receive errors (packets). */
  errin: number;
  /** Transmit errors (packets). */
  errout: number;
  /** Incoming packets dropped. */
  dropin: number;
  /** Outgoing packets dropped. */
  dropout: number;
}

/** One address of an interface, psutil's `snicaddr`. */
export interface NetIfAddr {
  /** `AF_INET`, `AF_INET6` or `AF_LINK`. */
  family: AddressFamily;
  /**
   * The address: dotted IPv4; IPv6 as `inet_ntop` prints it, with `%<nic>`
   * after a link-local one (`fe80::1%eth0`); a MAC as lowercase hex bytes
   * (`02:fc:00:00:00:01`, padded with `:00` to at least 6 bytes, as psutil).
   */
  address: string;
  /** Netmask (`255.255.255.0`, `ffff:ffff:ffff:ffff::`); `null` for link addresses. */
  netmask: string | null;
  /** Broadcast address, on broadcast interfaces only (IPv4 and link layer); else `null`. */
  broadcast: string | null;
  /** Destination (peer) address, on point-to-point interfaces only (VPNs, tunnels); else `null`. */
  ptp: string | null;
}

/** State of one interface, psutil's `snicstats`. */
export interface NetIfStats {
  /** Whether the interface is up and running (`running` in its flags, as psutil). */
  isup: boolean;
  /** Full, half or unknown. */
  duplex: NicDuplex;
  /** Link speed, Mbit/s; 0 when unknown (virtual interfaces, no link). */
  speed: number;
  /** Maximum transmission unit, bytes. */
  mtu: number;
  /** psutil's comma-separated flag names, in its order: `up,broadcast,running,multicast`. */
  flags: string;
}

/** What `netConnections` lists, as psutil's `kind`. */
export const NET_CONNECTION_KINDS = [
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
] as const;
export type NetConnectionKind = (typeof NET_CONNECTION_KINDS)[number];

/** psutil's `CONN_*` status strings; UDP and unix sockets are `NONE`. */
export type ConnectionStatus =
  | 'ESTABLISHED'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'FIN_WAIT1'
  | 'FIN_WAIT2'
  | 'TIME_WAIT'
  | 'CLOSE'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'LISTEN'
  | 'CLOSING'
  | 'NONE';

/** An IP endpoint, psutil's `addr`. */
export interface NetAddress {
  /** Numeric IPv4 or IPv6 address (an IPv4-mapped IPv6 one reads `::ffff:127.0.0.1`). */
  ip: string;
  /** Port, 1–65535. */
  port: number;
}

/**
 * One socket of the system, psutil's `sconn`. Where psutil has an empty
 * `()` or `''`, psnode has `null`.
 */
export interface NetConnection {
  /** The file descriptor in `pid`; -1 when the owner is unknown (a process we may not inspect). */
  fd: number;
  /** `AF_INET`, `AF_INET6` or `AF_UNIX`. */
  family: AddressFamily;
  /** `SOCK_STREAM`, `SOCK_DGRAM` (or `SOCK_SEQPACKET` for unix sockets). */
  type: SocketKind;
  /**
   * Local address: `{ ip, port }` for inet sockets (`null` when unbound, port
   * 0); the path for unix sockets (abstract names start with `@`), `null`
   * when unbound.
   */
  laddr: NetAddress | string | null;
  /** Remote address of a connected inet socket; `null` otherwise, and always for unix sockets (Linux does not say). */
  raddr: NetAddress | string | null;
  /** TCP state; `NONE` for UDP and unix sockets. */
  status: ConnectionStatus;
  /** Process holding the socket; `null` when unknown (a process we may not inspect, or none). */
  pid: number | null;
}

/** One socket of a process, psutil's `pconn`: a {@link NetConnection} without the pid. */
export type ProcessNetConnection = Omit<NetConnection, 'pid'>;
