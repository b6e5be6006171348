/**
 * The addon's process calls against /proc and ps: processRead on this process
 * and on children, masks, processScan vs `ps -e`, the setters on a child, and
 * the errors. The addon is loaded directly from build/Release, as the parity
 * tests do; the backend wrapper (src/backends/native/linux.ts) is checked too.
 */
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NoSuchProcess } from '../../src/api/errors';
import type { NativeBinding } from '../../src/backends/native/binding';
import { createPlatformBackend } from '../../src/backends/native/linux';
import { PROCESS_ATTRS, type ProcessAttr, type RawProcessRead } from '../../src/backends/process-types';
import { cleanupChildren, finished, oddlyNamed, sleeper, undecodable, zombie } from '../helpers/children';
import { makeThread } from '../helpers/procs';
import { ADDON } from '../helpers/psnode';
import { tool } from '../helpers/run';

const binding = require(path.resolve(ADDON)) as NativeBinding;
const backend = createPlatformBackend(binding);
afterAll(() => cleanupChildren());

const ALL = 2 ** PROCESS_ATTRS.length - 1;
const maskOf = (attrs: readonly ProcessAttr[]) => attrs.reduce((m, a) => m + 2 ** PROCESS_ATTRS.indexOf(a), 0);
const PAGE = Number(tool('getconf', ['PAGESIZE']).trim());

/** `ps -o ppid=,uid=,rss=,vsz=,nlwp=,stat=,comm=,args= -p PID`, split into its columns. */
function psRow(pid: number) {
  const line = tool('ps', ['-o', 'ppid=,uid=,rss=,vsz=,nlwp=,stat=,comm=,args=', '-p', String(pid)]);
  const [ppid, uid, rss, vsz, nlwp, stat, comm, ...args] = line.trim().split(/\s+/);
  return {
    ppid: Number(ppid),
    uid: Number(uid),
    rss: Number(rss) * 1024,
    vsz: Number(vsz) * 1024,
    nlwp: Number(nlwp),
    stat: stat ?? '',
    comm: comm ?? '',
    args: args.join(' '),
  };
}

const STATUS_OF: Record<string, string> = { R: 'running', S: 'sleeping', D: 'disk-sleep', T: 'stopped', Z: 'zombie' };

/** Whatever the code, the shape of RawAttrError. */
function expectErrorShape(read: RawProcessRead): void {
  for (const error of Object.values(read.errors)) {
    expect(error).toBeDefined();
    if (!error) continue;
    expect(error.code).toMatch(/^E[A-Z0-9]+$/);
    expect(error.errno).toBeGreaterThan(0);
    expect(typeof error.syscall).toBe('string');
    if (error.code === 'EPARSE') expect([error.errno, error.syscall]).toEqual([22, 'parse']);
    if (error.path !== undefined) expect(error.path).toMatch(new RegExp(`^/proc/${read.pid}`));
  }
}

describe('native process reads', () => {
  it('the addon and PROCESS_ATTRS agree on the bit order', () => {
    expect([...binding.processAttrs]).toEqual([...PROCESS_ATTRS]);
  });

  it('processRead(self) matches /proc and Node', () => {
    const read = binding.processRead(process.pid, ALL);
    const v = read.values;
    expectErrorShape(read);
    expect(read.errors).toEqual({});
    expect(read).toMatchObject({ pid: process.pid, zombie: false, exists: true });
    expect(Object.keys(v)).toEqual([...PROCESS_ATTRS]);
    expect(v.ppid).toBe(process.ppid);
    expect(v.name).toBe(readFileSync('/proc/self/comm', 'utf8').trim());
    expect(v.exe).toBe(realpathSync(process.execPath));
    expect(v.cmdline).toEqual(readFileSync('/proc/self/cmdline', 'utf8').split('\0').slice(0, -1));
    expect(v.cwd).toBe(process.cwd());
    const environ = readFileSync(`/proc/${process.pid}/environ`, 'utf8').split('\0').filter(Boolean);
    expect(Object.keys(v.environ ?? {}).length).toBe(new Set(environ.map((e) => e.split('=')[0])).size);
    expect(v.environ?.PATH).toBe(environ.find((e) => e.startsWith('PATH='))?.slice(5));
    expect(v.uids).toEqual({ real: process.getuid?.(), effective: process.geteuid?.(), saved: process.getuid?.() });
    expect(v.gids?.real).toBe(process.getgid?.());
    expect(v.username).toBe(os.userInfo().username);
    expect(v.status).toBe('running');
    expect(Math.abs(Date.now() / 1000 - process.uptime() - read.createTime)).toBeLessThan(2);
    expect(v.createTime).toBe(read.createTime);
    expect(v.numThreads).toBe(readdirSync('/proc/self/task').length);
    expect(v.threads?.map((t) => t.id)).toEqual(
      readdirSync('/proc/self/task')
        .map(Number)
        .sort((a, b) => a - b),
    );
    // The test runner opens and closes descriptors of its own meanwhile.
    expect(Math.abs((v.numFds ?? 0) - readdirSync('/proc/self/fd').length)).toBeLessThan(8);
    expect(v.cpuAffinity?.length).toBeGreaterThan(0);
    expect(v.cpuNum).toBeGreaterThanOrEqual(0);
    const statm = readFileSync('/proc/self/statm', 'utf8').split(' ').map(Number);
    expect(v.memoryInfo?.vms).toBeCloseTo((statm[0] ?? 0) * PAGE, -7);
    expect(v.memoryInfoEx).toMatchObject({ lib: 0, dirty: 0 });
    const full = v.memoryFullInfo;
    expect(full && full.uss > 0 && full.uss <= full.rss * 1.1 && full.pss > 0).toBe(true);
    expect(v.memoryMaps?.some((m) => m.path === v.exe)).toBe(true);
    expect(v.memoryMaps?.every((m) => /^[0-9a-f]+-[0-9a-f]+$/.test(m.addr) && m.perms.length === 4)).toBe(true);
    expect(v.ioCounters?.readChars).toBeGreaterThan(0);
    expect(v.ionice?.ioclass).toBeGreaterThanOrEqual(0);
    expect((v.cpuTimes?.user ?? 0) + (v.cpuTimes?.system ?? 0)).toBeGreaterThan(0);
  });

  it('an open file is reported with its position and mode', async () => {
    const { openSync, closeSync, readSync, writeFileSync } = await import('node:fs');
    const file = path.join(os.tmpdir(), `psnode-open-${process.pid}`);
    writeFileSync(file, 'hello world');
    const fd = openSync(file, 'a+');
    readSync(fd, Buffer.alloc(5), 0, 5, null);
    try {
      const files = binding.processRead(process.pid, maskOf(['openFiles'])).values.openFiles ?? [];
      const mine = files.find((f) => f.fd === fd);
      expect(mine).toMatchObject({ path: file, mode: 'a+', position: 5 });
      expect((mine?.flags ?? 0) & 0o2000).toBe(0o2000); // O_APPEND
    } finally {
      closeSync(fd);
    }
  });

  it('a child matches ps', async () => {
    const child = await sleeper({ PSNODE_MARK: 'x=y', ['__proto__']: 'polluted' });
    const read = binding.processRead(child.pid, ALL);
    const ps = psRow(child.pid);
    const v = read.values;
    expect(read.errors).toEqual({});
    expect(v.ppid).toBe(ps.ppid);
    expect(v.uids?.real).toBe(ps.uid);
    expect(v.memoryInfo?.rss).toBe(ps.rss);
    expect(v.memoryInfo?.vms).toBe(ps.vsz);
    expect(v.numThreads).toBe(ps.nlwp);
    expect(v.status).toBe(STATUS_OF[ps.stat[0] ?? '']);
    expect(v.name).toBe(ps.comm);
    expect(v.cmdline?.join(' ')).toBe(ps.args);
    expect(v.environ?.PSNODE_MARK).toBe('x=y');
    // A variable named __proto__ is a key, not the object's prototype.
    expect(Object.getOwnPropertyDescriptor(v.environ, '__proto__')?.value).toBe('polluted');
    expect(Object.getPrototypeOf(v.environ)).toBe(Object.prototype);
    expect(v.terminal).toBe(null);
    expect(readlinkSync(`/proc/${child.pid}/exe`)).toBe(v.exe);
  });

  it('odd names, undecodable bytes, zombies', async () => {
    const odd = await oddlyNamed();
    expect(binding.processRead(odd.pid, maskOf(['name', 'status'])).values).toEqual({
      name: odd.name,
      status: 'sleeping',
    });

    const bad = await undecodable();
    const v = binding.processRead(bad.pid, maskOf(['name', 'cmdline', 'cwd', 'environ', 'exe'])).values;
    expect(v.name).toBe('sl\ufffdep');
    expect(v.cwd).toBe(`${bad.folder}/d\ufffdir`);
    expect(v.exe).toBe(`${bad.folder}/sl\ufffdep`);
    const decoder = new TextDecoder();
    const raw = readFileSync(`/proc/${bad.pid}/cmdline`);
    expect(v.cmdline).toEqual(decoder.decode(raw).split('\0').slice(0, -1));
    expect(v.cmdline?.at(-1)).toBe('arg\ufffd');
    expect(v.environ?.PSNODE_ODD).toBe('x\ufffdy');

    const z = await zombie();
    const read = binding.processRead(z.pid, maskOf(['status', 'cmdline', 'exe', 'ppid', 'name']));
    expect(read).toMatchObject({ zombie: true, exists: true });
    expect(read.values).toMatchObject({ status: 'zombie', cmdline: [], ppid: z.parent, name: 'sleep' });
    expect(read.errors.exe?.code).toBe('ENOENT');
  });

  it('reads only the attributes asked for', () => {
    expect(binding.processRead(process.pid, 0)).toMatchObject({ values: {}, errors: {} });
    const one = binding.processRead(process.pid, maskOf(['ppid']));
    expect(one.values).toEqual({ ppid: process.ppid });
    let seed = 7;
    for (let i = 0; i < 40; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const attrs = PROCESS_ATTRS.filter((_, bit) => (seed >> bit) & 1);
      const read = binding.processRead(process.pid, maskOf(attrs));
      expect([...Object.keys(read.values), ...Object.keys(read.errors)].sort()).toEqual([...attrs].sort());
    }
  });

  it('processScan covers ps -e, sorted, in one call', () => {
    const listed = tool('ps', ['-e', '-o', 'pid=']).trim().split(/\s+/).map(Number);
    const scan = binding.processScan(maskOf(['ppid', 'name', 'username', 'memoryInfo']));
    const pids = scan.map((p) => p.pid);
    expect(pids).toEqual([...pids].sort((a, b) => a - b));
    const alive = listed.filter((pid) => readdirSync('/proc').includes(String(pid)));
    for (const pid of alive) expect(pids).toContain(pid);
    for (const read of scan) {
      expectErrorShape(read);
      expect(Object.keys(read.values).length + Object.keys(read.errors).length).toBe(4);
    }
    const everything = binding.processScan(ALL);
    for (const read of everything) {
      expectErrorShape(read);
      expect(Object.keys(read.values).length + Object.keys(read.errors).length).toBe(PROCESS_ATTRS.length);
    }
  });

  it('the setters act on a child', async () => {
    const child = await sleeper();
    const read = (attrs: ProcessAttr[]) => binding.processRead(child.pid, maskOf(attrs)).values;

    binding.processSetNice(child.pid, 5);
    expect(read(['nice']).nice).toBe(5);
    expect(tool('ps', ['-o', 'ni=', '-p', String(child.pid)]).trim()).toBe('5');

    binding.processSetIonice(child.pid, 3, 0); // IOPRIO_CLASS_IDLE
    expect(read(['ionice']).ionice).toEqual({ ioclass: 3, value: 0 });
    binding.processSetIonice(child.pid, 2, 6); // best effort, level 6
    expect(read(['ionice']).ionice).toEqual({ ioclass: 2, value: 6 });

    const NOFILE = 7;
    const [soft, hard] = binding.processRlimit(child.pid, NOFILE);
    expect(binding.processRlimit(child.pid, NOFILE, 64, hard)).toEqual([soft, hard]);
    expect(binding.processRlimit(child.pid, NOFILE)).toEqual([64, hard]);
    expect(readFileSync(`/proc/${child.pid}/limits`, 'utf8')).toMatch(/^Max open files\s+64\s/m);
    const CORE = 4;
    binding.processRlimit(child.pid, CORE, -1, -1);
    expect(binding.processRlimit(child.pid, CORE)).toEqual([-1, -1]);

    binding.processSetCpuAffinity(child.pid, [0]);
    expect(read(['cpuAffinity']).cpuAffinity).toEqual([0]);
    expect(readFileSync(`/proc/${child.pid}/status`, 'utf8')).toMatch(/^Cpus_allowed_list:\s+0$/m);
  });

  it('a pid that does not exist, or a thread id, is ESRCH', async () => {
    const gone = await finished();
    const thread = await makeThread();
    try {
      for (const pid of [gone, thread.tid, 2 ** 31 - 1]) {
        expect(() => binding.processRead(pid, ALL)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
      }
    } finally {
      await thread.stop();
    }
    const esrch = expect.objectContaining({ code: 'ESRCH', errno: 3 });
    expect(() => binding.processSetNice(gone, 1)).toThrow(expect.objectContaining({ syscall: 'setpriority' }));
    expect(() => binding.processSetNice(gone, 1)).toThrow(esrch);
    expect(() => binding.processSetIonice(gone, 2, 0)).toThrow(esrch);
    expect(() => binding.processRlimit(gone, 7)).toThrow(esrch);
    expect(() => binding.processRlimit(gone, 7, 10, 10)).toThrow(esrch);
    expect(() => binding.processSetCpuAffinity(gone, [0])).toThrow(esrch);
    expect(() => binding.processSetNice(0, 1)).toThrow(esrch); // never "the caller"
  });

  it('validates argument types', () => {
    expect(() => binding.processRead('1' as unknown as number, 1)).toThrow(TypeError);
    expect(() => binding.processRead(1.5, 1)).toThrow(TypeError);
    expect(() => binding.processRead(process.pid, 2 ** PROCESS_ATTRS.length)).toThrow(RangeError);
    expect(() => binding.processScan(-1)).toThrow(RangeError);
    expect(() => binding.processSetCpuAffinity(process.pid, [-1])).toThrow(TypeError);
    expect(() => binding.processSetCpuAffinity(process.pid, 0 as unknown as number[])).toThrow(TypeError);
    expect(() => binding.processRlimit(process.pid, 7, -2, 1)).toThrow(RangeError);
    expect(() => binding.processSetIonice(process.pid, 9, 0)).toThrow(RangeError);
  });

  it('the backend maps masks and errors', async () => {
    const read = await backend.processRead(process.pid, ['ppid', 'name']);
    expect(read.values).toEqual({ ppid: process.ppid, name: expect.any(String) });
    const gone = await finished();
    await expect(Promise.resolve().then(() => backend.processRead(gone, ['ppid']))).rejects.toBeInstanceOf(
      NoSuchProcess,
    );
    await expect(Promise.resolve().then(() => backend.processSetNice(gone, 1))).rejects.toBeInstanceOf(NoSuchProcess);
    const scan = await backend.processScan(['ppid']);
    expect(scan.some((p) => p.pid === process.pid)).toBe(true);
    const [soft, hard] = await backend.processRlimit(process.pid, 7);
    expect(soft).toBeLessThanOrEqual(hard === -1 ? Number.MAX_SAFE_INTEGER : hard);
  });
});
