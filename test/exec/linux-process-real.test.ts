/**
 * The exec backend's process methods for real on this machine, against
 * /proc read directly, `ps`, and the tools the setters use. Children are
 * started here and killed at the end.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AccessDenied, CommandFailed, NoSuchProcess } from '../../src/api/errors';
import { createLinuxExecBackend } from '../../src/backends/exec/linux';
import { PROCESS_CAPABILITIES } from '../../src/backends/exec/linux/process';
import { type CommandRunner, createExecFileRunner } from '../../src/backends/exec/runner';
import { PROCESS_ATTRS, type ProcessAttr } from '../../src/backends/process-types';
import { deadPid, makeThread, makeZombie, procState } from '../helpers/procs';

const linux = process.platform === 'linux';
const real = createExecFileRunner();
const backend = createLinuxExecBackend(real);
const children: ChildProcess[] = [];
const folders: string[] = [];
const cleanups: Array<() => void> = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const cleanup of cleanups) cleanup();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const made = mkdtempSync(path.join(os.tmpdir(), 'psnode-exec-proc-'));
  folders.push(made);
  return made;
}

async function waitForState(pid: number, states: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const state = procState(pid);
    if (state !== null && states.includes(state)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`pid ${pid} never reached state ${states}`);
}

/** Starts `file args` (stdio ignored) and waits until it sleeps. */
async function start(
  file: string,
  args: string[],
  options: { argv0?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const child = spawn(file, args, { stdio: 'ignore', ...options });
  child.on('error', () => undefined);
  children.push(child);
  await waitForState(child.pid as number, 'S');
  return child.pid as number;
}

/** A shell script's child (the shell `exec`s it) whose pid the script prints first. */
async function startShell(script: string): Promise<number> {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  const pid = await new Promise<number>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(Number(d))));
  await waitForState(pid, 'S');
  return pid;
}

/** Waits until /proc/<pid>/cmdline (decoded) ends with `tail`: the shell has exec'd its last command. */
async function waitForCmdline(pid: number, tail: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const text = new TextDecoder().decode(readFileSync(`/proc/${pid}/cmdline`));
    if (text.endsWith(tail)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`pid ${pid} never ran a command line ending with ${JSON.stringify(tail)}`);
}

const tool = (file: string, args: string[]) =>
  execFileSync(file, args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
const psColumn = (pid: number, column: string) => tool('ps', ['-o', `${column}=`, '-p', String(pid)]).trim();
const procText = (pid: number, file: string) => readFileSync(`/proc/${pid}/${file}`, 'latin1');

/** A runner that records every command line, around the real one. */
function counting(inner: CommandRunner = real): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  const run: CommandRunner = (file, args, options) => {
    calls.push([file, ...args].join(' '));
    return inner(file, args, options);
  };
  return Object.assign(run, { calls });
}

/** The scan's listing of /proc. */
const isListing = (file: string, args: readonly string[]) =>
  file === 'find' && args[0] === '/proc' && args.includes('-name');

/** The real runner, every tool run as nobody (uid 65534) through setpriv. */
const asNobody: CommandRunner = (file, args, options) =>
  real('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', file, ...args], options);

const isRoot = process.getuid?.() === 0;
const hasTool = (name: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe.runIf(linux)('exec backend processRead on this machine', () => {
  it('this process: every attribute, against /proc, ps and node', async () => {
    const file = path.join(folder(), 'open me.txt');
    writeFileSync(file, 'x'.repeat(100));
    const fd = openSync(file, 'r+');
    readSync(fd, Buffer.alloc(10), 0, 10, null);
    cleanups.push(() => closeSync(fd));
    const read = await backend.processRead(process.pid, PROCESS_ATTRS);
    const v = read.values;
    expect(read.pid).toBe(process.pid);
    expect(read.zombie).toBe(false);
    expect(read.exists).toBe(true);
    expect(read.errors).toEqual({});
    expect(Object.keys(v).sort()).toEqual([...PROCESS_ATTRS].sort());
    expect(v.ppid).toBe(process.ppid);
    expect(v.name).toBe(readFileSync('/proc/self/comm', 'utf8').trim());
    expect(v.exe).toBe(readlinkSync('/proc/self/exe'));
    expect(v.cmdline).toEqual(readFileSync('/proc/self/cmdline', 'utf8').split('\0').slice(0, -1));
    expect(v.environ?.PATH).toBe(
      readFileSync('/proc/self/environ', 'utf8')
        .split('\0')
        .find((entry) => entry.startsWith('PATH='))
        ?.slice(5),
    );
    expect(Math.abs((v.createTime ?? 0) - (Date.now() / 1000 - process.uptime()))).toBeLessThan(2);
    expect(v.cwd).toBe(process.cwd());
    expect(v.username).toBe(os.userInfo().username);
    expect(v.uids).toEqual({ real: process.getuid?.(), effective: process.geteuid?.(), saved: process.geteuid?.() });
    expect(v.gids?.real).toBe(process.getgid?.());
    expect(v.nice).toBe(os.getPriority());
    expect(v.ionice).toEqual({ ioclass: 0, value: 0 });
    expect(v.numThreads).toBeGreaterThanOrEqual(1);
    expect(v.threads?.map((t) => t.id)).toContain(process.pid);
    expect(v.numFds).toBeGreaterThanOrEqual(3);
    expect(v.cpuAffinity).toEqual(
      tool('taskset', ['-pc', String(process.pid)])
        .split(':')[1]
        ?.trim()
        .split(',')
        .flatMap((part) => {
          const [a, b = a] = part.split('-').map(Number);
          return Array.from({ length: (b as number) - (a as number) + 1 }, (_, i) => (a as number) + i);
        }),
    );
    const usage = process.resourceUsage();
    expect(Math.abs((v.cpuTimes?.user ?? 0) - usage.userCPUTime / 1e6)).toBeLessThan(1);
    expect(v.memoryInfo?.rss).toBeGreaterThan(10 * 1024 * 1024);
    expect(v.memoryInfoEx).toMatchObject({ lib: 0, dirty: 0 });
    expect(v.memoryFullInfo?.uss).toBeGreaterThan(0);
    expect(v.pageFaults?.minor).toBeGreaterThan(0);
    expect(v.memoryMaps?.some((map) => map.path === readlinkSync('/proc/self/exe'))).toBe(true);
    expect(v.openFiles?.find((open) => open.fd === fd)).toEqual({
      path: file,
      fd,
      position: 10,
      mode: 'r+',
      flags: expect.any(Number),
    });
    expect(v.terminal).toBeNull();
    // createTime is exactly btime + starttime / CLK_TCK.
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const starttime = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    expect(read.createTime).toBe(btime + starttime / Number(tool('getconf', ['CLK_TCK'])));
  });

  it('a sleeping child against ps -o ppid,uid,rss,vsz,nlwp,stat,comm,args', async () => {
    const pid = await start('sleep', ['60'], { env: { ...process.env, PSNODE_MARK: 'hello world' } });
    const columns = ['ppid', 'uid', 'rss', 'vsz', 'nlwp', 'stat', 'comm', 'args'].flatMap((c) => ['-o', `${c}=`]);
    const [ppid, uid, rss, vsz, nlwp, stat, comm, ...args] = tool('ps', [...columns, '-p', String(pid)])
      .trim()
      .split(/\s+/);
    const read = await backend.processRead(pid, PROCESS_ATTRS);
    const v = read.values;
    expect(read.errors).toEqual({});
    expect(v.ppid).toBe(Number(ppid));
    expect(v.uids?.real).toBe(Number(uid));
    expect(v.memoryInfo?.rss).toBe(Number(rss) * 1024);
    expect(v.memoryInfo?.vms).toBe(Number(vsz) * 1024);
    expect(v.numThreads).toBe(Number(nlwp));
    expect(v.status).toBe(stat?.startsWith('S') ? 'sleeping' : stat);
    expect(v.name).toBe(comm);
    expect(v.cmdline).toEqual(args);
    expect(v.environ?.PSNODE_MARK).toBe('hello world');
    expect(v.exe).toBe(readlinkSync(`/proc/${pid}/exe`));
    expect(v.threads).toEqual([{ id: pid, userTime: expect.any(Number), systemTime: expect.any(Number) }]);
    expect(v.numFds).toBe(readdirSync(`/proc/${pid}/fd`).length);
    expect(v.memoryMaps?.some((map) => map.path.endsWith('/sleep'))).toBe(true);
    expect(v.memoryMaps?.[0]?.addr).toMatch(/^[0-9a-f]+-[0-9a-f]+$/);
    expect(v.ioCounters?.readChars).toBeGreaterThanOrEqual(0);
    expect(v.numCtxSwitches?.voluntary).toBe(
      Number(/^voluntary_ctxt_switches:\s+(\d+)$/m.exec(procText(pid, 'status'))?.[1]),
    );
  });

  it('names: argv0 with spaces and parentheses, a comm with them, a comm cut at 15', async () => {
    const dir = folder();
    const argv0 = await start('/bin/sleep', ['60'], { argv0: 'my (odd) name' });
    let read = await backend.processRead(argv0, ['name', 'cmdline', 'status', 'ppid']);
    expect(read.values).toEqual({
      name: 'sleep',
      cmdline: ['my (odd) name', '60'],
      status: 'sleeping',
      ppid: process.pid,
    });

    const odd = path.join(dir, 'a b) (c');
    copyFileSync('/bin/sleep', odd);
    const oddPid = await start(odd, ['60']);
    read = await backend.processRead(oddPid, ['name', 'status', 'ppid', 'exe']);
    expect(read.values).toEqual({ name: 'a b) (c', status: 'sleeping', ppid: process.pid, exe: odd });

    const long = path.join(dir, 'a-very-long-executable-name');
    copyFileSync('/bin/sleep', long);
    const longPid = await start(long, ['60']);
    expect(readFileSync(`/proc/${longPid}/comm`, 'utf8').trim()).toBe('a-very-long-exe');
    read = await backend.processRead(longPid, ['name']);
    expect(read.values.name).toBe('a-very-long-executable-name');
    // A cmdline[0] that does not start with the comm leaves the comm.
    const other = await start(long, ['60'], { argv0: 'something-else-entirely' });
    expect((await backend.processRead(other, ['name'])).values.name).toBe('a-very-long-exe');
  });

  it.runIf(hasTool('perl'))(
    'a single NUL-terminated argument holding spaces is split on them (psutil #1179)',
    async () => {
      const dir = folder();
      // A title longer than the argument area: the kernel gives it up to its NUL, one argument.
      const pid = await startShell(
        `cd '${dir}'; echo $$; exec perl -e '$0 = "title with spaces " . ("x" x 100); sleep 60'`,
      );
      await waitForCmdline(pid, 'xxx\0');
      expect((await backend.processRead(pid, ['cmdline'])).values.cmdline).toEqual([
        'title',
        'with',
        'spaces',
        'x'.repeat(100),
      ]);
    },
  );

  it('a zombie: status zombie, exe/cwd fail, cmdline empty, createTime still known', async () => {
    const zombie = await makeZombie();
    cleanups.push(zombie.kill);
    const read = await backend.processRead(zombie.pid, [
      'status',
      'ppid',
      'cmdline',
      'exe',
      'cwd',
      'name',
      'environ',
      'memoryMaps',
      'memoryFullInfo',
      'numThreads',
    ]);
    expect(read.zombie).toBe(true);
    expect(read.exists).toBe(true);
    expect(read.values).toMatchObject({ status: 'zombie', ppid: zombie.parent, cmdline: [], name: 'sleep' });
    expect(read.values.memoryMaps).toEqual([]);
    expect(read.values.memoryFullInfo).toMatchObject({ rss: 0, uss: 0, pss: 0, swap: 0 });
    expect(read.errors.exe?.code).toBe('ENOENT');
    expect(read.errors.cwd?.code).toBe('ENOENT');
    expect(read.errors.environ?.code).toBe('ESRCH');
    expect(read.createTime).toBeGreaterThan(0);
  });

  it.runIf(hasTool('perl'))('bytes that are not UTF-8 in argv, environment, cwd and exe become U+FFFD', async () => {
    const dir = folder();
    // perl (copied under a name with the byte 0xff) ignores its extra argument; sleep would reject it.
    const script = [
      `d="$(printf '${dir}/d\\377ir')"`,
      'mkdir "$d"',
      `cp "$(command -v perl)" "$(printf '${dir}/pe\\377rl')"`,
      'cd "$d"',
      `export PSNODE_ODD="$(printf 'x\\377\\376y')"`,
      'echo $$',
      `exec "$(printf '${dir}/pe\\377rl')" -e 'sleep 60' "$(printf 'arg\\377')"`,
    ].join('; ');
    const pid = await startShell(script);
    await waitForCmdline(pid, 'arg\uFFFD\0');
    const read = await backend.processRead(pid, ['name', 'cmdline', 'environ', 'cwd', 'exe', 'status']);
    expect(read.errors).toEqual({});
    expect(read.values.status).toBe('sleeping');
    expect(read.values.name).toBe('pe\uFFFDrl');
    expect(read.values.cmdline).toEqual([`${dir}/pe\uFFFDrl`, '-e', 'sleep 60', 'arg\uFFFD']);
    expect(read.values.environ?.PSNODE_ODD).toBe('x\uFFFD\uFFFDy');
    expect(read.values.cwd).toBe(`${dir}/d\uFFFDir`);
    expect(read.values.exe).toBe(`${dir}/pe\uFFFDrl`);
  });

  it('open files: modes, positions, deleted files left out', async () => {
    const dir = folder();
    for (const name of ['r', 'w', 'a', 'rw', 'ra', 'gone']) writeFileSync(path.join(dir, name), 'content\n');
    const pid = await startShell(`cd '${dir}'; exec 3<r 4>w 5>>a 6<>rw 7<gone; exec 8<>ra; echo $$; exec sleep 60`);
    await waitForCmdline(pid, 'sleep\u000060\u0000');
    unlinkSync(path.join(dir, 'gone'));
    const read = await backend.processRead(pid, ['openFiles', 'numFds']);
    const byFd = new Map(read.values.openFiles?.map((open) => [open.fd, open]));
    expect(byFd.get(3)).toMatchObject({ path: path.join(dir, 'r'), mode: 'r', position: 0 });
    expect(byFd.get(4)).toMatchObject({ path: path.join(dir, 'w'), mode: 'w' });
    expect(byFd.get(5)).toMatchObject({ path: path.join(dir, 'a'), mode: 'a' });
    expect(byFd.get(6)).toMatchObject({ path: path.join(dir, 'rw'), mode: 'r+' });
    expect(byFd.get(8)).toMatchObject({ path: path.join(dir, 'ra'), mode: 'r+' });
    expect(byFd.has(7)).toBe(false);
    expect(read.values.numFds).toBe(readdirSync(`/proc/${pid}/fd`).length);
    expect(read.values.openFiles?.every((open) => open.path.startsWith('/'))).toBe(true);
  });

  it.runIf(hasTool('script'))('terminal: the /dev/pts path of a process on a pseudo-terminal', async () => {
    const shell = spawn('script', ['-qc', 'sleep 60', '/dev/null'], { stdio: 'ignore' });
    children.push(shell);
    let pid: number | undefined;
    for (let i = 0; i < 200 && pid === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const found = tool('ps', ['-o', 'pid=,tty=,comm=', '--ppid', String(shell.pid)])
        .trim()
        .split(/\s+/);
      if (found[1]?.startsWith('pts/')) pid = Number(found[0]);
    }
    expect(pid).toBeDefined();
    const read = await backend.processRead(pid as number, ['terminal']);
    expect(read.values.terminal).toBe(`/dev/${psColumn(pid as number, 'tty')}`);
    cleanups.push(() => process.kill(pid as number, 'SIGKILL'));
  });

  it.runIf(hasTool('perl'))(
    'a cmdline that lost its final newline to line framing is read again with grep -z',
    async () => {
      const title = `${'y'.repeat(4095)}\n`;
      const big = 'z'.repeat(9000);
      const pid = await start('perl', ['-e', '$0 = ("y" x 4095) . "\\n"; sleep 60'], {
        env: { PATH: '/usr/bin:/bin', BIG: big },
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(readFileSync(`/proc/${pid}/cmdline`, 'latin1')).toBe(title);
      const run = counting();
      const read = await createLinuxExecBackend(run).processRead(pid, ['cmdline', 'name']);
      expect(read.values.cmdline).toEqual([title]);
      // comm is 15 'y', a prefix of basename(cmdline[0]): psutil's name is the whole title.
      expect(read.values.name).toBe(title);
      expect(run.calls.some((call) => call.startsWith('grep -a -H -z'))).toBe(true);
    },
  );

  it('a command line cannot forge lines of another file in the batch', async () => {
    const forged = `\n/proc/${process.pid}/status:Uid:\t4242\t4242\t4242\t4242\n/proc/stat:btime 1`;
    const pid = await start('/bin/sleep', ['60'], { argv0: `evil${forged}` });
    const scan = await createLinuxExecBackend(real).processScan(['uids', 'cmdline', 'createTime']);
    const self = scan.find((read) => read.pid === process.pid);
    const evil = scan.find((read) => read.pid === pid);
    expect(self?.values.uids?.real).toBe(process.getuid?.());
    expect(evil?.values.cmdline).toEqual([`evil${forged}`, '60']);
    expect(Math.abs((self?.createTime ?? 0) - (Date.now() / 1000 - process.uptime()))).toBeLessThan(2);
  });

  it('NoSuchProcess: a pid that is gone, a thread id, pid 0, a pid above the limit', async () => {
    const gone = await deadPid();
    await expect(backend.processRead(gone, ['name'])).rejects.toBeInstanceOf(NoSuchProcess);
    await expect(backend.processRead(0, [])).rejects.toBeInstanceOf(NoSuchProcess);
    await expect(backend.processRead(4_194_305, [])).rejects.toBeInstanceOf(NoSuchProcess);
    const thread = await makeThread();
    try {
      expect(procState(thread.tid)).not.toBeNull();
      await expect(backend.processRead(thread.tid, [])).rejects.toBeInstanceOf(NoSuchProcess);
    } finally {
      await thread.stop();
    }
  });

  it('a read of no attributes still gives createTime and zombie, from one grep', async () => {
    const run = counting();
    const own = createLinuxExecBackend(run);
    await own.processRead(process.pid, []);
    run.calls.length = 0;
    const read = await own.processRead(process.pid, []);
    expect(read).toMatchObject({ pid: process.pid, zombie: false, values: {}, errors: {}, exists: true });
    expect(run.calls).toEqual([
      `grep -a -H --color=never -e  -- /proc/stat /proc/${process.pid}/stat /proc/${process.pid}/status`,
    ]);
  });

  it.runIf(isRoot && hasTool('setpriv'))('as another user: EACCES per attribute, the rest still read', async () => {
    const pid = await start('sleep', ['60']);
    const read = await createLinuxExecBackend(asNobody).processRead(pid, [
      'environ',
      'exe',
      'cwd',
      'ioCounters',
      'memoryFullInfo',
      'memoryMaps',
      'openFiles',
      'numFds',
      'name',
      'uids',
      'memoryInfo',
    ]);
    for (const attr of ['environ', 'exe', 'cwd', 'ioCounters', 'memoryFullInfo', 'memoryMaps', 'openFiles', 'numFds']) {
      expect(read.errors[attr as ProcessAttr]?.code).toBe('EACCES');
    }
    expect(read.errors.exe?.syscall).toBe('readlink');
    expect(read.errors.numFds?.syscall).toBe('opendir');
    expect(read.values).toMatchObject({ name: 'sleep', uids: { real: 0, effective: 0, saved: 0 } });
    expect(read.values.memoryInfo?.rss).toBeGreaterThan(0);
    expect(read.exists).toBe(true);
  });
});

describe.runIf(linux)('exec backend processScan on this machine', () => {
  const SMALL: ProcessAttr[] = [
    'name',
    'username',
    'cpuTimes',
    'memoryInfo',
    'status',
    'createTime',
    'numThreads',
    'ppid',
  ];

  it('lists what ps -e lists (within churn), sorted, with every asked attribute', async () => {
    const pid = await start('sleep', ['60']);
    const zombie = await makeZombie();
    cleanups.push(zombie.kill);
    const before = tool('ps', ['-e', '-o', 'pid=']).trim().split(/\s+/).map(Number);
    const scan = await backend.processScan(SMALL);
    const pids = scan.map((read) => read.pid);
    expect(pids).toEqual([...pids].sort((a, b) => a - b));
    expect(Math.abs(scan.length - before.length)).toBeLessThan(10);
    expect(pids).toContain(process.pid);
    expect(pids).toContain(pid);
    expect(pids).toContain(zombie.pid);
    expect(scan.find((read) => read.pid === zombie.pid)).toMatchObject({ zombie: true, values: { status: 'zombie' } });
    for (const read of scan) {
      expect(read.exists).toBe(true);
      for (const attr of SMALL) expect(attr in read.values || attr in read.errors).toBe(true);
    }
    const self = scan.find((read) => read.pid === process.pid);
    expect(self?.values.ppid).toBe(process.ppid);
  });

  it('spawns a constant number of commands, whatever the number of processes', async () => {
    const first = counting();
    await createLinuxExecBackend(first).processScan(SMALL);
    const many = await Promise.all(Array.from({ length: 30 }, () => start('sleep', ['60'])));
    const second = counting();
    const scan = await createLinuxExecBackend(second).processScan(SMALL);
    expect(scan.map((read) => read.pid)).toEqual(expect.arrayContaining(many));
    // getconf CLK_TCK, PAGESIZE, the /proc listing, one grep, getent (and grep -z if some long-named process
    // has a cmdline without a final NUL): the same commands with 30 more processes, plus, if a
    // process ended during the read, one find of /proc/<pid> to tell that it vanished.
    const steady = (calls: string[]) =>
      calls.filter((call) => !call.startsWith('find /proc/')).map((call) => call.split(' -- ')[0]);
    expect(steady(second.calls)).toEqual(steady(first.calls));
    expect(steady(second.calls).length).toBeLessThanOrEqual(6);
    expect(second.calls.filter((call) => call.startsWith('getent passwd'))).toHaveLength(1);
  });

  it('a scan of every attribute stays a handful of spawns', async () => {
    const run = counting();
    const scan = await createLinuxExecBackend(run).processScan(PROCESS_ATTRS);
    const isSmaps = (call: string) => call.startsWith('grep') && call.endsWith('/smaps');
    // smaps (memoryMaps) in chunks of 16 processes; everything else a fixed list of commands:
    // the /proc listing, getconf ×2, grep, find links, ionice, getent, grep (fdinfo, task stats), find paths,
    // find /proc (existence), and maybe grep -z, find /dev; ionice again per process that vanished.
    expect(run.calls.filter(isSmaps).length).toBeLessThanOrEqual(Math.ceil((scan.length + 10) / 16));
    const others = run.calls.filter((call) => !isSmaps(call));
    expect(others.filter((call) => !call.startsWith('ionice')).length).toBeLessThanOrEqual(12);
    // `ionice -p` stops at the first pid that vanished and is run again from the next one;
    // other test files start and reap processes meanwhile, so allow a few restarts.
    expect(others.filter((call) => call.startsWith('ionice')).length).toBeLessThanOrEqual(12);
    const self = scan.find((read) => read.pid === process.pid);
    expect(self?.errors).toEqual({});
    expect(Object.keys(self?.values ?? {}).sort()).toEqual([...PROCESS_ATTRS].sort());
  });

  it('a process that vanishes after the listing is left out; ionice resumes after it', async () => {
    const gone = await deadPid();
    const run = counting(async (file, args, options) => {
      const result = await real(file, args, options);
      // Pretend the listing saw `gone` too, as if it ended right after it.
      return isListing(file, args) ? { ...result, stdout: `${result.stdout}${gone}\n` } : result;
    });
    const scan = await createLinuxExecBackend(run).processScan(['ionice', 'name']);
    expect(scan.map((read) => read.pid)).not.toContain(gone);
    expect(scan.find((read) => read.pid === process.pid)?.values.ionice).toEqual({ ioclass: 0, value: 0 });
    expect(scan.every((read) => read.values.ionice !== undefined)).toBe(true);
    // The first ionice stopped at the dead pid (the last one), so no rerun was needed, or one was.
    expect(run.calls.filter((call) => call.startsWith('ionice')).length).toBeGreaterThanOrEqual(1);
  });

  it('ionice runs again from the pid after one that vanished in the middle', async () => {
    const gone = await deadPid();
    const pid = await start('sleep', ['60']);
    const run = counting(async (file, args, options) => {
      const result = await real(file, args, options);
      if (!isListing(file, args)) return result;
      const pids = result.stdout.trim().split(/\s+/).map(Number);
      // The dead pid first: ionice fails at once and must run again for the rest.
      return { ...result, stdout: [gone, ...pids].join('\n').concat('\n') };
    });
    const scan = await createLinuxExecBackend(run).processScan(['ionice']);
    expect(scan.find((read) => read.pid === pid)?.values.ionice).toEqual({ ioclass: 0, value: 0 });
    // At least the restart after the dead pid; more if other processes vanish meanwhile
    // (other test files start and reap processes at the same time).
    const runs = run.calls.filter((call) => call.startsWith('ionice -p'));
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs[1]?.split(' ')).not.toContain(String(gone));
  });

  it('a batch past the output bound is halved until it fits', async () => {
    const run = counting(async (file, args, options) => {
      if (file === 'grep' && args.filter((arg) => arg.startsWith('/proc/')).length > 4) {
        throw new CommandFailed(
          `grep ${args.join(' ')}`,
          null,
          null,
          '',
          'produced more output than the stdout limit allows',
        );
      }
      return real(file, args, options);
    });
    const scan = await createLinuxExecBackend(run).processScan(['ppid', 'name']);
    expect(scan.find((read) => read.pid === process.pid)?.values.ppid).toBe(process.ppid);
    expect(scan.length).toBeGreaterThan(5);
  });
});

describe.runIf(linux)('exec backend setters on a child', () => {
  it('nice, ionice, rlimit, cpu affinity', async () => {
    const pid = await start('sleep', ['60']);
    await backend.processSetNice(pid, 10);
    expect((await backend.processRead(pid, ['nice'])).values.nice).toBe(10);
    expect(psColumn(pid, 'ni')).toBe('10');

    await backend.processSetIonice(pid, 3, 0);
    expect((await backend.processRead(pid, ['ionice'])).values.ionice).toEqual({ ioclass: 3, value: 0 });
    await backend.processSetIonice(pid, 2, 6);
    expect((await backend.processRead(pid, ['ionice'])).values.ionice).toEqual({ ioclass: 2, value: 6 });
    expect(tool('ionice', ['-p', String(pid)]).trim()).toBe('best-effort: prio 6');
    await backend.processSetIonice(pid, 0, 0);
    expect((await backend.processRead(pid, ['ionice'])).values.ionice).toEqual({ ioclass: 0, value: 0 });

    const before = await backend.processRlimit(pid, 7);
    expect(before[0]).toBeGreaterThan(0);
    expect(await backend.processRlimit(pid, 7, [100, 200])).toEqual(before);
    expect(await backend.processRlimit(pid, 7)).toEqual([100, 200]);
    expect(procText(pid, 'limits')).toMatch(/Max open files\s+100\s+200/);
    // Lowering a soft limit needs no privilege; RLIM_INFINITY reads as -1.
    const core = await backend.processRlimit(pid, 4);
    expect(await backend.processRlimit(pid, 4, [0, core[1]])).toEqual(core);
    expect(await backend.processRlimit(pid, 4)).toEqual([0, core[1]]);
    expect(await backend.processRlimit(pid, 0)).toEqual([-1, -1]);

    await backend.processSetCpuAffinity(pid, [0]);
    expect((await backend.processRead(pid, ['cpuAffinity'])).values.cpuAffinity).toEqual([0]);
    expect(tool('taskset', ['-pc', String(pid)])).toMatch(/current affinity list: 0$/m);
  });

  it('errors: NoSuchProcess for a gone pid, AccessDenied without the right, OsError EINVAL', async () => {
    const gone = await deadPid();
    await expect(backend.processSetNice(gone, 5)).rejects.toBeInstanceOf(NoSuchProcess);
    await expect(backend.processSetIonice(gone, 2, 4)).rejects.toBeInstanceOf(NoSuchProcess);
    await expect(backend.processSetCpuAffinity(gone, [0])).rejects.toBeInstanceOf(NoSuchProcess);
    await expect(backend.processRlimit(gone, 7)).rejects.toBeInstanceOf(NoSuchProcess);
    await expect(backend.processSetNice(0, 5)).rejects.toBeInstanceOf(NoSuchProcess);
    const pid = await start('sleep', ['60']);
    await expect(backend.processSetCpuAffinity(pid, [os.availableParallelism() + 64])).rejects.toMatchObject({
      errnoName: 'EINVAL',
      syscall: 'sched_setaffinity',
    });
    if (isRoot && hasTool('setpriv')) {
      const nobody = createLinuxExecBackend(asNobody);
      await expect(nobody.processSetNice(pid, 5)).rejects.toBeInstanceOf(AccessDenied);
      await expect(nobody.processRlimit(pid, 7, [10, 20])).rejects.toBeInstanceOf(AccessDenied);
      await expect(nobody.processSetCpuAffinity(pid, [0])).rejects.toBeInstanceOf(AccessDenied);
    }
  });
});

it('the capability map names a tool for every attribute and marks none unavailable', () => {
  expect(Object.keys(PROCESS_CAPABILITIES).sort()).toEqual([...PROCESS_ATTRS].sort());
  for (const capability of Object.values(PROCESS_CAPABILITIES)) {
    expect('tools' in capability && capability.tools.length > 0).toBe(true);
  }
});
