/**
 * Every getter on every pid, with both backends: each call yields a value or
 * one of the documented errors (NoSuchProcess, ZombieProcess, AccessDenied),
 * nothing else. Then native-vs-exec parity on the fields that do not move.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupChildren, oddlyNamed, undecodable, zombie } from '../helpers/children';
import { ps } from '../helpers/psnode';

afterAll(async () => {
  cleanupChildren();
  await ps.close();
});

type Proc = Awaited<ReturnType<typeof ps.Process.of>>;

/** Every public getter, called with no arguments. */
const GETTERS: Array<[string, (p: Proc) => Promise<unknown>]> = [
  ['ppid', (p) => p.ppid()],
  ['name', (p) => p.name()],
  ['exe', (p) => p.exe()],
  ['cmdline', (p) => p.cmdline()],
  ['environ', (p) => p.environ()],
  ['createTime', (p) => p.createTime()],
  ['status', (p) => p.status()],
  ['cwd', (p) => p.cwd()],
  ['username', (p) => p.username()],
  ['uids', (p) => p.uids()],
  ['gids', (p) => p.gids()],
  ['terminal', (p) => p.terminal()],
  ['nice', (p) => p.nice()],
  ['ionice', (p) => p.ionice()],
  ['rlimit', (p) => p.rlimit(ps.Rlimit.RLIMIT_NOFILE)],
  ['ioCounters', (p) => p.ioCounters()],
  ['numCtxSwitches', (p) => p.numCtxSwitches()],
  ['numFds', (p) => p.numFds()],
  ['numThreads', (p) => p.numThreads()],
  ['threads', (p) => p.threads()],
  ['cpuTimes', (p) => p.cpuTimes()],
  ['cpuPercent', (p) => p.cpuPercent()],
  ['cpuNum', (p) => p.cpuNum()],
  ['cpuAffinity', (p) => p.cpuAffinity()],
  ['memoryInfo', (p) => p.memoryInfo()],
  ['memoryInfoEx', (p) => p.memoryInfoEx()],
  ['memoryFullInfo', (p) => p.memoryFullInfo()],
  ['memoryPercent', (p) => p.memoryPercent()],
  ['memoryMaps', (p) => p.memoryMaps()],
  ['pageFaults', (p) => p.pageFaults()],
  ['openFiles', (p) => p.openFiles()],
  ['parent', (p) => p.parent()],
  ['children', (p) => p.children()],
  ['isRunning', (p) => p.isRunning()],
  ['asDict', (p) => p.asDict()],
];

const isDocumented = (error: unknown) => error instanceof ps.NoSuchProcess || error instanceof ps.AccessDenied;

async function sweep(pids: number[]): Promise<{ calls: number; unexpected: string[] }> {
  let calls = 0;
  const unexpected: string[] = [];
  for (const pid of pids) {
    let p: Proc;
    try {
      p = await ps.Process.of(pid);
    } catch (error) {
      if (!(error instanceof ps.NoSuchProcess)) unexpected.push(`Process.of(${pid}): ${String(error)}`);
      continue;
    }
    for (const [name, getter] of GETTERS) {
      calls++;
      try {
        const value = await getter(p);
        if (value === undefined) unexpected.push(`${pid}.${name}: undefined`);
      } catch (error) {
        if (!isDocumented(error)) unexpected.push(`${pid}.${name}: ${String(error)}`);
      }
    }
  }
  return { calls, unexpected };
}

describe('sweep', () => {
  it('native: every getter on every pid', async () => {
    await zombie();
    await oddlyNamed();
    await undecodable();
    ps.configure({ backend: 'native' });
    const pids = await ps.pids();
    const { calls, unexpected } = await sweep(pids);
    expect(unexpected).toEqual([]);
    expect(calls).toBeGreaterThan(pids.length * 20);
  }, 120_000);

  it('exec: asDict of every process, and every getter on a sample (kernel thread, init, self, zombie, odd names)', async () => {
    const z = await zombie();
    const odd = await oddlyNamed();
    const bad = await undecodable();
    ps.configure({ backend: 'exec' });
    for await (const p of ps.processIter({ adValue: 'denied' })) {
      expect(p.info.pid).toBe(p.pid);
      expect(typeof p.info.createTime).toBe('number');
    }
    const sample = [1, 2, process.pid, z.pid, z.parent, odd.pid, bad.pid];
    const { calls, unexpected } = await sweep(sample);
    expect(unexpected).toEqual([]);
    expect(calls).toBeGreaterThan(sample.length * 20);
  }, 180_000);
});

describe('native vs exec', () => {
  it('agree on the fields that do not move, for every process', async () => {
    await zombie();
    await undecodable();
    const attrs = [
      'ppid',
      'name',
      'exe',
      'cmdline',
      'createTime',
      'uids',
      'gids',
      'terminal',
      'username',
      'cwd',
      'environ',
    ] as const;
    const collect = async (backend: 'native' | 'exec') => {
      ps.configure({ backend });
      const seen = new Map<number, Record<string, unknown>>();
      for await (const p of ps.processIter({ attrs: [...attrs], adValue: 'denied' })) seen.set(p.pid, { ...p.info });
      return seen;
    };
    const native = await collect('native');
    const exec = await collect('exec');
    let compared = 0;
    for (const [pid, info] of native) {
      const other = exec.get(pid);
      if (!other || other.createTime !== info.createTime) continue; // came or went between the scans
      // A kernel worker's name follows the work queue it serves at the moment.
      if (String(info.name).startsWith('kworker/')) other.name = info.name;
      expect(other, `pid ${pid}`).toEqual(info);
      compared++;
    }
    expect(compared).toBeGreaterThan(native.size - 10);
  }, 120_000);
});
