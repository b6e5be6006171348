/**
 * Sockets a test opens in its own process, with the fds Node gives them (the
 * handle's fd), checked against /proc/self/fd: a TCP listener, a connected
 * TCP pair, a UDP socket, a unix listener with a connected client.
 */
import dgram from 'node:dgram';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Handled {
  _handle?: { fd?: number } | null;
}

function handleFd(object: object): number {
  const fd = (object as Handled)._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('no fd on the handle');
  return fd;
}

/** A dgram socket keeps its handle in a symbol-keyed state object. */
function udpFd(socket: dgram.Socket): number {
  for (const key of Object.getOwnPropertySymbols(socket)) {
    const state = (socket as unknown as Record<symbol, { handle?: { fd?: number } }>)[key];
    const fd = state?.handle?.fd;
    if (typeof fd === 'number' && fd >= 0) return fd;
  }
  throw new Error('no fd on the dgram socket');
}

/** The inode of a socket fd of this process, from its /proc/self/fd link. */
export function socketInode(fd: number): string {
  const link = readlinkSync(`/proc/self/fd/${fd}`);
  const m = /^socket:\[(\d+)\]$/.exec(link);
  if (m === null) throw new Error(`fd ${fd} is not a socket: ${link}`);
  return m[1] as string;
}

export interface OpenSockets {
  listener: { fd: number; port: number };
  client: { fd: number; port: number };
  server: { fd: number; port: number };
  udp: { fd: number; port: number };
  unixListener: { fd: number; path: string };
  unixClient: { fd: number };
  close(): Promise<void>;
}

export async function openSockets(): Promise<OpenSockets> {
  const dir = mkdtempSync(path.join(tmpdir(), 'psnode-net-'));
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;
  const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
  const client = await new Promise<net.Socket>((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => resolve(c));
  });
  const server = await accepted;
  const udp = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const unixPath = path.join(dir, 'psnode test.sock');
  const unixServer = net.createServer();
  await new Promise<void>((resolve) => unixServer.listen(unixPath, resolve));
  const unixClient = await new Promise<net.Socket>((resolve) => {
    const c = net.connect(unixPath, () => resolve(c));
  });
  const result: OpenSockets = {
    listener: { fd: handleFd(listener), port },
    client: { fd: handleFd(client), port: client.localPort as number },
    server: { fd: handleFd(server), port },
    udp: { fd: udpFd(udp), port: udp.address().port },
    unixListener: { fd: handleFd(unixServer), path: unixPath },
    unixClient: { fd: handleFd(unixClient) },
    async close() {
      client.destroy();
      server.destroy();
      unixClient.destroy();
      udp.close();
      await Promise.all([
        new Promise((resolve) => listener.close(resolve)),
        new Promise((resolve) => unixServer.close(resolve)),
      ]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const fd of [
    result.listener,
    result.client,
    result.server,
    result.udp,
    result.unixListener,
    result.unixClient,
  ]) {
    socketInode(fd.fd); // each is really a socket of this process
  }
  return result;
}
