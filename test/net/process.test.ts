/**
 * Whose sockets may be seen: `Process.netConnections` of a process we may
 * not inspect is `AccessDenied`, of a gone one `NoSuchProcess`; system-wide,
 * sockets of processes we may not inspect have `pid: null`, `fd: -1`. The
 * unprivileged side runs as nobody (setpriv), so these need root.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupChildren, sleeper, zombie } from '../helpers/children';
import { BACKENDS, ps, ROOT } from '../helpers/psnode';
import { type OpenSockets, openSockets } from './sockets';

let sockets: OpenSockets;
beforeAll(async () => {
  sockets = await openSockets();
});
afterAll(async () => {
  cleanupChildren();
  await sockets.close();
  await ps.close();
});

const canDropPrivileges =
  process.getuid?.() === 0 && spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;

/** Runs `code` (with `ps` = dist) in node as nobody; its stdout parsed as JSON. */
function asNobody(code: string, backend: string): unknown {
  const script = `const ps = require(${JSON.stringify(`${ROOT}/dist/index.js`)});
ps.configure({ backend: ${JSON.stringify(backend)} });
(async () => { const out = await (async () => { ${code} })(); await ps.close(); process.stdout.write(JSON.stringify(out)); })()
  .catch((e) => { console.error(e); process.exit(1); });`;
  const result = spawnSync(
    'setpriv',
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe.each(BACKENDS)('%s backend', (backend) => {
  beforeAll(() => ps.configure({ backend }));

  it('a process that exited: NoSuchProcess', async () => {
    const child = await sleeper();
    const p = await ps.Process.of(child.pid);
    expect(await p.netConnections()).toEqual([]);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await expect(p.netConnections()).rejects.toBeInstanceOf(ps.NoSuchProcess);
  });

  it('a zombie holds no fds: no sockets, no error (psutil)', async () => {
    const { pid } = await zombie();
    const p = await ps.Process.of(pid);
    expect(await p.netConnections({ kind: 'all' })).toEqual([]);
  });

  it.skipIf(!canDropPrivileges)(
    'as nobody: our sockets are unowned system-wide, and ours to read is AccessDenied',
    () => {
      const out = asNobody(
        `const all = await ps.netConnections({ kind: 'all' });
       let error = null;
       try { await (await ps.Process.of(${process.pid})).netConnections(); } catch (e) { error = { name: e.name, pid: e.pid }; }
       return { all, error };`,
        backend,
      ) as { all: Array<{ fd: number; pid: number | null; laddr: unknown; status: string }>; error: unknown };
      expect(out.error).toEqual({ name: 'AccessDenied', pid: process.pid });
      const listener = out.all.find(
        (c) =>
          c.status === 'LISTEN' &&
          JSON.stringify(c.laddr) === JSON.stringify({ ip: '127.0.0.1', port: sockets.listener.port }),
      );
      expect(listener).toMatchObject({ pid: null, fd: -1 });
      const unix = out.all.find((c) => c.laddr === sockets.unixListener.path);
      expect(unix).toMatchObject({ pid: null, fd: -1, status: 'NONE' });
      expect(out.all.some((c) => c.pid === process.pid)).toBe(false);
    },
  );
});
