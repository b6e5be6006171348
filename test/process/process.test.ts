/** The Process API on real processes, once per backend. */
import { closeSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupChildren,
  family,
  finished,
  ODD_LOOP,
  oddlyNamed,
  sleeper,
  tempFolder,
  undecodable,
  zombie,
} from '../helpers/children';
import { makeThread } from '../helpers/procs';
import { BACKENDS, ps } from '../helpers/psnode';
import { tool } from '../helpers/run';

afterAll(async () => {
  cleanupChildren();
  await ps.close();
});

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as Error & Record<string, unknown>,
  );

/** This process's kernel name: `node`, or `MainThread` on Node 24, which names its main thread. */
const OWN_NAME = readFileSync('/proc/self/comm', 'utf8').trim();

/** `ps -o <column>= -p <pid>`, trimmed. */
const psColumn = (pid: number, column: string) => tool('ps', ['-o', `${column}=`, '-p', String(pid)]).trim();

describe.each(BACKENDS)('%s backend: Process', (backend) => {
  beforeAll(() => ps.configure({ backend }));

  it('Process.of() is this process; identity is pid and create time', async () => {
    const self = await ps.Process.of();
    expect(self.pid).toBe(process.pid);
    const again = await ps.Process.of(process.pid);
    expect(self.equals(again)).toBe(true);
    expect(self.key).toBe(again.key);
    expect(new Set([self.key, again.key]).size).toBe(1);
    const started = await self.createTime();
    const uptime = process.uptime();
    expect(Math.abs(Date.now() / 1000 - uptime - started)).toBeLessThan(2);
    // Node 24 names its main thread (comm 'MainThread'): the kernel's name is the oracle.
    expect(await self.name()).toBe(OWN_NAME);
    expect(String(self)).toContain(`psnode.Process(pid=${process.pid}, name='${OWN_NAME}'`);
  });

  it('a pid that does not exist, or a thread id, is NoSuchProcess', async () => {
    const gone = await finished();
    const error = await rejection(ps.Process.of(gone));
    expect(error).toBeInstanceOf(ps.NoSuchProcess);
    expect(error?.pid).toBe(gone);
    const thread = await makeThread();
    try {
      expect(await rejection(ps.Process.of(thread.tid))).toBeInstanceOf(ps.NoSuchProcess);
    } finally {
      await thread.stop();
    }
  });

  it('bad arguments are rejected before anything runs', async () => {
    expect(await rejection(ps.Process.of(-1))).toBeInstanceOf(RangeError);
    expect(await rejection(ps.Process.of(1.5))).toBeInstanceOf(RangeError);
    expect(await rejection(ps.Process.of('1' as unknown as number))).toBeInstanceOf(TypeError);
    const self = await ps.Process.of();
    expect(await rejection(self.nice(100))).toBeInstanceOf(RangeError);
    expect(await rejection(self.cpuAffinity([99999]))).toBeInstanceOf(RangeError);
    expect(await rejection(self.rlimit('nope' as unknown as number))).toBeInstanceOf(TypeError);
    expect(await rejection(self.asDict({ attrs: ['notAnAttr' as 'pid'] }))).toBeInstanceOf(RangeError);
    expect(await rejection(self.memoryPercent({ memtype: 'bogus' as 'rss' }))).toBeInstanceOf(RangeError);
    expect(await rejection(self.ionice(ps.IoprioClass.IOPRIO_CLASS_IDLE, 3))).toBeInstanceOf(RangeError);
    expect(await rejection(self.rlimit(ps.Rlimit.RLIMIT_NOFILE, [10, 5]))).toBeInstanceOf(RangeError);
  });

  it('getters of a sleeping child match ps and /proc', async () => {
    const child = await sleeper({ PSNODE_MARK: 'hello world' });
    const p = await ps.Process.of(child.pid);
    expect(await p.ppid()).toBe(process.pid);
    expect(await p.name()).toBe('sleep');
    expect(await p.exe()).toBe(readlinkSync(`/proc/${child.pid}/exe`));
    expect(await p.cmdline()).toEqual(['sleep', '60']);
    expect((await p.environ()).PSNODE_MARK).toBe('hello world');
    expect(await p.status()).toBe('sleeping');
    expect(await p.cwd()).toBe(process.cwd());
    expect(await p.username()).toBe(psColumn(child.pid, 'user'));
    const uids = await p.uids();
    expect(uids.real).toBe(Number(psColumn(child.pid, 'ruid')));
    expect(uids.effective).toBe(Number(psColumn(child.pid, 'euid')));
    expect((await p.gids()).real).toBe(Number(psColumn(child.pid, 'rgid')));
    expect(await p.terminal()).toBeNull();
    expect(await p.nice()).toBe(Number(psColumn(child.pid, 'ni')));
    expect(await p.numThreads()).toBe(1);
    expect((await p.threads()).map((t) => t.id)).toEqual([child.pid]);
    expect(await p.numFds()).toBeGreaterThanOrEqual(3);
    const mem = await p.memoryInfo();
    expect(Math.abs(mem.rss - Number(psColumn(child.pid, 'rss')) * 1024)).toBeLessThan(256 * 1024);
    expect(Math.abs(mem.vms - Number(psColumn(child.pid, 'vsz')) * 1024)).toBeLessThan(256 * 1024);
    const full = await p.memoryFullInfo();
    expect(full.uss).toBeGreaterThan(0);
    expect(full.uss).toBeLessThanOrEqual(full.rss);
    expect(full.pss).toBeLessThanOrEqual(full.rss);
    const ex = await p.memoryInfoEx();
    expect(ex.lib).toBe(0);
    const times = await p.cpuTimes();
    expect(times.user).toBeGreaterThanOrEqual(0);
    expect(times.childrenUser).toBe(0);
    expect((await p.pageFaults()).minor).toBeGreaterThan(0);
    expect((await p.numCtxSwitches()).voluntary).toBeGreaterThanOrEqual(1);
    expect(await p.cpuNum()).toBeGreaterThanOrEqual(0);
    expect((await p.cpuAffinity()).length).toBeGreaterThanOrEqual(1);
    expect((await p.ionice()).ioclass).toBeGreaterThanOrEqual(0);
    const io = await p.ioCounters();
    expect(io.readChars).toBeGreaterThanOrEqual(0);
    const [soft, hard] = await p.rlimit(ps.Rlimit.RLIMIT_NOFILE);
    expect(soft).toBeLessThanOrEqual(hard === ps.RLIM_INFINITY ? Number.MAX_SAFE_INTEGER : hard);
    const maps = await p.memoryMaps();
    expect(maps.some((m) => m.path.endsWith('sleep'))).toBe(true);
    const raw = await p.memoryMaps({ grouped: false });
    expect(raw.length).toBeGreaterThanOrEqual(maps.length);
    expect(raw[0]?.addr).toMatch(/^[0-9a-f]+-[0-9a-f]+$/);
    const percent = await p.memoryPercent();
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThan(5);
    expect(await p.isRunning()).toBe(true);
    expect((await p.parent())?.pid).toBe(process.pid);
  });

  it('this process: cpu times against process.resourceUsage(), /proc/self/status, open files', async () => {
    const self = await ps.Process.of();
    const usage = process.resourceUsage();
    const times = await self.cpuTimes();
    expect(Math.abs(times.user - usage.userCPUTime / 1e6)).toBeLessThan(1);
    const status = readFileSync('/proc/self/status', 'utf8');
    expect((await self.uids()).real).toBe(Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]));
    const file = path.join(tempFolder(), 'open me.txt');
    writeFileSync(file, 'x'.repeat(100));
    const fd = openSync(file, 'r+');
    try {
      const open = await self.openFiles();
      const entry = open.find((f) => f.fd === fd);
      expect(entry?.path).toBe(file);
      expect(entry?.mode).toBe('r+');
      expect(entry?.position).toBe(0);
    } finally {
      closeSync(fd);
    }
  });

  it('names with spaces and parentheses, and bytes that are not UTF-8', async () => {
    const odd = await oddlyNamed();
    const p = await ps.Process.of(odd.pid);
    expect(await p.name()).toBe(odd.name);
    expect(await p.status()).toBe('sleeping');
    expect(await p.ppid()).toBe(process.pid);

    const bad = await undecodable();
    const q = await ps.Process.of(bad.pid);
    expect(await q.name()).toBe('sl\uFFFDep');
    expect(await q.cmdline()).toEqual([`${bad.folder}/sl\uFFFDep`, '-c', ODD_LOOP, 'arg\uFFFD']);
    expect(await q.exe()).toBe(`${bad.folder}/sl\uFFFDep`);
    expect(await q.cwd()).toBe(`${bad.folder}/d\uFFFDir`);
    expect((await q.environ()).PSNODE_ODD).toBe('x\uFFFDy');
  });

  it('a zombie: status zombie, running, listed; cmdline, exe and memory maps are ZombieProcess', async () => {
    const z = await zombie();
    const p = await ps.Process.of(z.pid);
    expect(await p.status()).toBe('zombie');
    expect(await p.isRunning()).toBe(true);
    expect(await ps.pids()).toContain(z.pid);
    expect(await p.ppid()).toBe(z.parent);
    for (const getter of [() => p.cmdline(), () => p.exe(), () => p.memoryMaps()]) {
      const error = await rejection(getter());
      expect(error).toBeInstanceOf(ps.ZombieProcess);
      expect(error?.pid).toBe(z.pid);
    }
    const listed: number[] = [];
    for await (const q of ps.processIter({ attrs: ['pid', 'status', 'cmdline'] })) {
      if (q.pid === z.pid) {
        expect(q.info.status).toBe('zombie');
        expect(q.info.cmdline).toBeNull();
      }
      listed.push(q.pid);
    }
    expect(listed).toContain(z.pid);
  });

  it('a process that ends: every method rejects with NoSuchProcess naming it', async () => {
    const child = await sleeper();
    const p = await ps.Process.of(child.pid);
    await p.name();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(await p.isRunning()).toBe(false);
    for (const getter of [() => p.status(), () => p.memoryInfo(), () => p.nice(5), () => p.createTime()]) {
      const error = await rejection(getter());
      expect(error).toBeInstanceOf(ps.NoSuchProcess);
      expect(error).not.toBeInstanceOf(ps.ZombieProcess);
      expect(error?.pid).toBe(child.pid);
      expect(error?.processName).toBe('sleep');
    }
    expect(String(p)).toMatch(/terminated/);
  });

  it('a reused pid is never mistaken for the original (fake identity)', async () => {
    const child = await sleeper();
    const real = await ps.Process.of(child.pid);
    const read = {
      pid: child.pid,
      createTime: (await real.createTime()) - 100,
      startTime: 1,
      zombie: false,
      values: {},
      errors: {},
      exists: true,
    };
    const impostor = ps.Process.fromRead(read);
    expect(impostor.equals(real)).toBe(false);
    expect(impostor.key).not.toBe(real.key);
    const error = await rejection(impostor.name());
    expect(error).toBeInstanceOf(ps.NoSuchProcess);
    expect(error?.message).toMatch(/pid has been reused/);
    expect(await impostor.isRunning()).toBe(false);
    expect(await rejection(impostor.nice(10))).toBeInstanceOf(ps.NoSuchProcess);
    expect(await real.nice()).toBe(0);
    expect(String(impostor)).toMatch(/pid reused/);
  });

  it('setters: nice, ionice, rlimit, cpuAffinity on a child', async () => {
    const child = await sleeper();
    const p = await ps.Process.of(child.pid);
    await p.nice(10);
    expect(await p.nice()).toBe(10);
    expect(psColumn(child.pid, 'ni')).toBe('10');
    await p.ionice(ps.IoprioClass.IOPRIO_CLASS_IDLE);
    expect((await p.ionice()).ioclass).toBe(ps.IoprioClass.IOPRIO_CLASS_IDLE);
    await p.ionice(ps.IoprioClass.IOPRIO_CLASS_BE, 6);
    expect(await p.ionice()).toEqual({ ioclass: ps.IoprioClass.IOPRIO_CLASS_BE, value: 6 });
    await p.rlimit(ps.Rlimit.RLIMIT_NOFILE, [100, 200]);
    expect(await p.rlimit(ps.Rlimit.RLIMIT_NOFILE)).toEqual([100, 200]);
    expect(readFileSync(`/proc/${child.pid}/limits`, 'utf8')).toMatch(/Max open files\s+100\s+200/);
    await p.cpuAffinity([0]);
    expect(await p.cpuAffinity()).toEqual([0]);
  });

  it('family: parent, parents, children (recursive)', async () => {
    const tree = await family();
    const self = await ps.Process.of();
    const shell = await ps.Process.of(tree.parent);
    expect((await shell.children()).map((c) => c.pid)).toEqual([tree.child]);
    const mine = (await self.children({ recursive: true })).map((c) => c.pid);
    expect(mine).toContain(tree.parent);
    expect(mine).toContain(tree.child);
    expect((await self.children()).map((c) => c.pid)).not.toContain(tree.child);
    const sleeperProcess = await ps.Process.of(tree.child);
    const ancestors = (await sleeperProcess.parents()).map((a) => a.pid);
    expect(ancestors.slice(0, 2)).toEqual([tree.parent, process.pid]);
    expect(ancestors.at(-1)).toBe(1);
  });

  it('asDict: every attribute in one read, AccessDenied/ZombieProcess as adValue', async () => {
    const self = await ps.Process.of();
    const all = await self.asDict();
    expect(Object.keys(all).sort()).toEqual([...ps.PROCESS_INFO_ATTRS].sort());
    expect(all.pid).toBe(process.pid);
    expect(all.name).toBe(OWN_NAME);
    const some = await self.asDict({ attrs: ['name', 'memoryPercent', 'cpuPercent'] });
    expect(Object.keys(some).sort()).toEqual(['cpuPercent', 'memoryPercent', 'name']);
    const z = await zombie();
    const zp = await ps.Process.of(z.pid);
    const zd = await zp.asDict({ attrs: ['name', 'exe', 'cmdline'], adValue: 'denied' });
    expect(zd.exe).toBe('denied');
    expect(zd.cmdline).toBe('denied');
    expect(typeof zd.name).toBe('string');
  });

  it('cpuPercent: 0 first, then measured; a busy child shows load', async () => {
    const busy = await ps.Process.of((await sleeper()).pid);
    expect(await busy.cpuPercent()).toBe(0);
    const self = await ps.Process.of();
    const spin = (async () => {
      const end = Date.now() + 300;
      while (Date.now() < end) {
        // keep this thread busy, but let the timer of cpuPercent fire in between
        await new Promise((r) => setImmediate(r));
      }
    })();
    const percent = await self.cpuPercent({ interval: 0.25 });
    await spin;
    expect(percent).toBeGreaterThan(5);
    expect(await busy.cpuPercent()).toBeLessThan(5);
  });

  it('processIter: one scan, sorted, info with exactly the attrs; objects reused across scans', async () => {
    const first: Array<{ pid: number; key: string }> = [];
    let selfObject: unknown = null;
    for await (const p of ps.processIter({ attrs: ['name', 'cpuPercent', 'username'] })) {
      expect(Object.keys(p.info).sort()).toEqual(['cpuPercent', 'name', 'username']);
      first.push({ pid: p.pid, key: p.key });
      if (p.pid === process.pid) selfObject = p;
    }
    expect(first.map((e) => e.pid)).toEqual([...first.map((e) => e.pid)].sort((a, b) => a - b));
    expect(first.length).toBeGreaterThan(5);
    for await (const p of ps.processIter({ attrs: ['cpuPercent'] })) {
      if (p.pid === process.pid) {
        expect(p).toBe(selfObject);
        expect(p.info.cpuPercent).toBeGreaterThanOrEqual(0);
      }
    }
    const fromPs = tool('ps', ['-e', '-o', 'pid=']).split('\n').filter(Boolean).length;
    expect(Math.abs(first.length - fromPs)).toBeLessThan(8);
  });
});
