/**
 * Relocated roots for the CPU, memory, system, process and network functions:
 * a procfs/sysfs tree built here from this machine's real files (frozen, and
 * with a fake process 4242 copied from a real `sleep`), read through
 * `configure({ procfsPath, sysfsPath })` by both backends. Every value must be
 * the fixture's, exactly; the default roots must still give the live values.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, ps } from '../helpers/psnode';

const FAKE_PID = 4242;
const FAKE_BTIME = 1_600_000_000;
const HZ = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
const PAGE = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }));

let base = '';
let procRoot = '';
let sysRoot = '';
let sleeper: ChildProcess | undefined;

/** `Key: value` files (meminfo, vmstat) as numbers. */
function keyed(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.replace(':', ' ').trim().split(/\s+/);
    if (key && value !== undefined) out.set(key, Number(value));
  }
  return out;
}

const read = (file: string) => readFileSync(path.join(procRoot, file), 'utf8');

function writeTree(live: number): void {
  base = mkdtempSync(path.join(tmpdir(), 'psnode-roots-'));
  procRoot = path.join(base, 'host', 'proc');
  sysRoot = path.join(base, 'other', 'sys'); // not siblings: no --sysroot layout
  mkdirSync(path.join(procRoot, 'net'), { recursive: true });
  for (const file of ['meminfo', 'vmstat', 'loadavg', 'cpuinfo']) {
    // copyFileSync would copy nothing: /proc files report size 0.
    writeFileSync(path.join(procRoot, file), readFileSync(`/proc/${file}`));
  }
  // A real /proc/stat, its btime replaced so that it cannot be the live one.
  const stat = readFileSync('/proc/stat', 'utf8').replace(/^btime \d+$/m, `btime ${FAKE_BTIME}`);
  writeFileSync(path.join(procRoot, 'stat'), stat);
  const netDev = readFileSync('/proc/net/dev', 'utf8').split('\n').slice(0, 2);
  netDev.push('  fake0: 1000 10 1 2 0 0 0 0 2000 20 3 4 0 0 0 0', '');
  writeFileSync(path.join(procRoot, 'net', 'dev'), netDev.join('\n'));

  // The fake process: a real sleep's files, its pid rewritten.
  const pidDir = path.join(procRoot, String(FAKE_PID));
  mkdirSync(pidDir);
  for (const file of ['stat', 'status', 'statm', 'cmdline', 'environ', 'io']) {
    let text = readFileSync(`/proc/${live}/${file}`, 'latin1');
    if (file === 'stat') text = text.replace(/^\d+ /, `${FAKE_PID} `);
    if (file === 'status') text = text.replace(/^(Tgid|Pid):\t\d+$/gm, `$1:\t${FAKE_PID}`);
    writeFileSync(path.join(pidDir, file), text, 'latin1');
  }

  // Topology: 4 CPUs in 2 cores, unlike this machine's.
  for (let cpu = 0; cpu < 4; cpu++) {
    const dir = path.join(sysRoot, 'devices', 'system', 'cpu', `cpu${cpu}`, 'topology');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'core_cpus_list'), cpu < 2 ? '0-1\n' : '2-3\n');
    writeFileSync(path.join(dir, 'thread_siblings_list'), cpu < 2 ? '0-1\n' : '2-3\n');
  }
  writeFileSync(path.join(sysRoot, 'devices', 'system', 'cpu', 'online'), '0-3\n');
}

beforeAll(async () => {
  sleeper = spawn('sleep', ['300'], { env: { PSNODE_FIXTURE: 'yes' }, stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 100)); // exec'd into sleep
  writeTree(sleeper.pid as number);
  sleeper.kill();
});

const useFixture = () => ps.configure({ procfsPath: procRoot, sysfsPath: sysRoot });
const restoreRoots = () => ps.configure({ procfsPath: '/proc', sysfsPath: '/sys' });

afterEach(restoreRoots);
afterAll(async () => {
  await ps.close();
  if (base !== '') rmSync(base, { recursive: true, force: true });
});

describe.each(BACKENDS)('%s backend under a fixture procfs and sysfs', (backend) => {
  beforeAll(() => ps.configure({ backend }));

  it('cpuTimes, getLoadAvg and bootTime are the fixture files', async () => {
    useFixture();
    const cpu = read('stat').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const times = await ps.cpuTimes();
    expect(times.user).toBe((cpu[0] as number) / HZ);
    expect(times.idle).toBe((cpu[3] as number) / HZ);
    expect(await ps.bootTime()).toBe(FAKE_BTIME);
    const load = read('loadavg').split(' ').slice(0, 3).map(Number);
    expect(await ps.getLoadAvg()).toEqual(load);
  });

  it('virtualMemory and swapMemory are the fixture meminfo and vmstat', async () => {
    useFixture();
    const meminfo = keyed(read('meminfo'));
    const vmstat = keyed(read('vmstat'));
    const kib = (key: string) => (meminfo.get(key) as number) * 1024;
    const vm = await ps.virtualMemory();
    expect([vm.total, vm.free, vm.available]).toEqual([kib('MemTotal'), kib('MemFree'), kib('MemAvailable')]);
    const swap = await ps.swapMemory();
    expect([swap.total, swap.free]).toEqual([kib('SwapTotal'), kib('SwapFree')]);
    expect(swap.sin).toBe((vmstat.get('pswpin') ?? 0) * PAGE);
    expect(swap.sout).toBe((vmstat.get('pswpout') ?? 0) * PAGE);
  });

  it('cpuCount counts the fixture cpuinfo (logical) and sysfs topology (physical)', async () => {
    useFixture();
    const processors = read('cpuinfo')
      .split('\n')
      .filter((line) => /^processor\s*:/.test(line)).length;
    expect(await ps.cpuCount()).toBe(processors);
    expect(await ps.cpuCount({ logical: false })).toBe(2);
  });

  it('cpuFreq: the fixture cpuinfo without cpufreq, then the fixture policies with them', async () => {
    useFixture();
    const mhz = [...read('cpuinfo').matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1]));
    const fromCpuinfo = await ps.cpuFreq({ percpu: true });
    expect(fromCpuinfo?.map((f) => f.current)).toEqual(mhz.length > 0 ? mhz : undefined);
    const cpufreq = path.join(sysRoot, 'devices', 'system', 'cpu', 'cpufreq');
    try {
      for (const [policy, khz] of [
        [0, 1_200_000],
        [1, 2_400_000],
      ] as const) {
        const dir = path.join(cpufreq, `policy${policy}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'scaling_cur_freq'), `${khz}\n`);
        writeFileSync(path.join(dir, 'scaling_min_freq'), '800000\n');
        writeFileSync(path.join(dir, 'scaling_max_freq'), '3600000\n');
      }
      expect(await ps.cpuFreq({ percpu: true })).toEqual([
        { current: 1200, min: 800, max: 3600 },
        { current: 2400, min: 800, max: 3600 },
      ]);
      expect(await ps.cpuFreq()).toEqual({ current: 1800, min: 800, max: 3600 });
    } finally {
      rmSync(cpufreq, { recursive: true, force: true });
    }
  });

  it('pids and pidExists answer for the fixture, not for this pid namespace', async () => {
    useFixture();
    expect(await ps.pids()).toEqual([FAKE_PID]);
    expect(await ps.pidExists(FAKE_PID)).toBe(true);
    expect(await ps.pidExists(process.pid)).toBe(false);
  });

  it('Process.of(4242) and processIter read the fake process', async () => {
    useFixture();
    const statm = read(`${FAKE_PID}/statm`).trim().split(' ').map(Number);
    const proc = await ps.Process.of(FAKE_PID);
    expect(await proc.name()).toBe('sleep');
    expect(await proc.cmdline()).toEqual(['sleep', '300']);
    expect(await proc.memoryInfo()).toEqual({
      rss: (statm[1] as number) * PAGE,
      vms: (statm[0] as number) * PAGE,
      shared: (statm[2] as number) * PAGE,
      text: (statm[3] as number) * PAGE,
      data: (statm[5] as number) * PAGE,
    });
    const starttime = Number(read(`${FAKE_PID}/stat`).split(') ')[1]?.split(' ')[19]);
    expect(await proc.createTime()).toBeCloseTo(FAKE_BTIME + starttime / HZ, 6);
    const seen: Array<[number, string]> = [];
    for await (const p of ps.processIter({ attrs: ['name', 'environ'] })) {
      seen.push([p.pid, p.info.name]);
      expect(p.info.environ).toEqual({ PSNODE_FIXTURE: 'yes' });
    }
    expect(seen).toEqual([[FAKE_PID, 'sleep']]);
  });

  it('netIoCounters is the fixture /proc/net/dev', async () => {
    useFixture();
    expect(await ps.netIoCounters({ pernic: true })).toEqual({
      fake0: {
        bytesSent: 2000,
        bytesRecv: 1000,
        packetsSent: 20,
        packetsRecv: 10,
        errin: 1,
        errout: 3,
        dropin: 2,
        dropout: 4,
      },
    });
  });

  it('the default roots still give the live values', async () => {
    restoreRoots();
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    expect(await ps.bootTime()).toBe(btime);
    expect(await ps.pids()).toContain(process.pid);
    expect(await ps.pidExists(process.pid)).toBe(true);
    expect(await ps.cpuCount()).toBe(Number(execFileSync('getconf', ['_NPROCESSORS_ONLN'], { encoding: 'utf8' })));
    expect((await ps.virtualMemory()).total).toBe(
      (keyed(readFileSync('/proc/meminfo', 'utf8')).get('MemTotal') ?? 0) * 1024,
    );
    // The kernel's name of this process: `node`, or `MainThread` on Node 24.
    const comm = readFileSync('/proc/self/comm', 'utf8').trim();
    expect(await (await ps.Process.of(process.pid)).name()).toBe(comm);
  });
});
