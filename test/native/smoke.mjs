// Smoke test of the compiled addon: every export is called from the main
// thread and from several worker_threads at once (the addon must be
// context-aware and free of shared state), results are sanity-checked against
// /proc, and error objects are checked for their documented shape.
// Usage: node test/native/smoke.mjs [path/to/psnode.node] [workers] [iterations]

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const addonPath = path.resolve(
  isMainThread ? (process.argv[2] ?? path.join(here, '../../build/Release/psnode.node')) : workerData.addonPath,
);
const b = require(addonPath);

function callEverything() {
  const times = b.cpuTimes();
  assert.ok(times instanceof Float64Array && times.length % 10 === 0 && times.length >= 20);
  const stats = b.cpuStats();
  assert.ok(stats.ctxSwitches > 0 && stats.interrupts >= 0 && stats.softInterrupts >= 0);
  assert.ok(b.bootTime() > 1e9);
  const logical = b.cpuCountLogical();
  assert.ok(logical === null || logical >= 1);
  const physical = b.cpuCountPhysical();
  assert.ok(physical === null || physical >= 1);
  const freq = b.cpuFreq();
  assert.ok(freq === null || (freq instanceof Float64Array && freq.length % 3 === 0));
  const load = b.loadAvg();
  assert.ok(load instanceof Float64Array && load.length === 3);
  const vm = b.virtualMemory();
  assert.ok(vm.total > 0 && vm.available <= vm.total);
  const swap = b.swapMemory();
  assert.ok(swap.total >= swap.free);
  assert.ok(Array.isArray(b.users()));
  const pids = b.pids();
  assert.ok(pids.includes(process.pid));
  for (let i = 1; i < pids.length; i++) assert.ok(pids[i - 1] < pids[i]);
  assert.equal(b.pidExists(process.pid), true);
  assert.equal(b.pidExists(0), false);
  assert.equal(b.decodeOsString(Uint8Array.of(0x61, 0xff)), 'a\ufffd');
  try {
    b.users('/proc/self/this-does-not-exist/utmp');
  } catch {
    assert.fail('a missing utmp file must give []');
  }
  try {
    b.users('/');
    assert.fail('reading a directory must throw');
  } catch (e) {
    assert.equal(e.code, 'EISDIR');
  }
}

// Every process attribute of every process, and the per-process calls. A
// full scan walks every smaps, so it runs far fewer times than the rest.
const ALL_ATTRS = 2 ** b.processAttrs.length - 1;
function callProcesses() {
  const scan = b.processScan(ALL_ATTRS);
  assert.ok(scan.some((p) => p.pid === process.pid));
  for (const p of scan) {
    assert.equal(Object.keys(p.values).length + Object.keys(p.errors).length, b.processAttrs.length);
  }
  const self = b.processRead(process.pid, ALL_ATTRS);
  assert.deepEqual(self.errors, {});
  assert.equal(self.values.ppid, process.ppid);
  assert.deepEqual(b.processRead(process.pid, 1).values, { ppid: process.ppid });
  const [soft, hard] = b.processRlimit(process.pid, 7);
  assert.ok(soft >= 0 && (hard === -1 || hard >= soft));
  try {
    b.processRead(2 ** 31 - 1, ALL_ATTRS);
    assert.fail('expected ESRCH');
  } catch (e) {
    assert.equal(e.code, 'ESRCH');
  }
}
const processRounds = (iterations) => Math.max(3, Math.ceil(iterations / 200));

// Disks and sensors: the real roots, the fixture sysfs trees and a fixture
// procfs (trailing root arguments), errors and argument checks.
const FIXTURES = path.join(here, '../fixtures/linux');
function callDiskSensors() {
  const parts = b.diskPartitions();
  assert.ok(parts.mounts.some((m) => m.mountpoint === '/') && parts.filesystems.length > 0);
  const rpi = b.diskPartitions(path.join(FIXTURES, 'disk/proc-raspberrypi4'));
  assert.equal(rpi.rootDevice, '/dev/mmcblk0p2');
  assert.ok(rpi.mounts.some((m) => m.mountpoint === '/media/pi/USB STICK'));
  const usage = b.diskUsage('/');
  assert.ok(usage.total > 0 && usage.used + usage.free <= usage.total);
  const io = b.diskIoCounters();
  assert.ok(io.values instanceof Float64Array && io.values.length === io.names.length * 10);
  const rpiIo = b.diskIoCounters(
    path.join(FIXTURES, 'disk/proc-raspberrypi4'),
    path.join(FIXTURES, 'sys-raspberrypi4'),
  );
  assert.equal(rpiIo.names.length, 8);
  for (const tree of ['sys-thinkpad-t480', 'sys-server-2socket', 'sys-centos7-dell-laptop', 'sys-arm-tablet-thermal']) {
    const sys = path.join(FIXTURES, tree);
    assert.ok(b.sensorsTemperatures(sys).length > 0);
    assert.ok(Array.isArray(b.sensorsFans(sys)));
    b.sensorsBattery(sys);
  }
  assert.deepEqual(b.sensorsTemperatures('/nonexistent'), []);
  assert.equal(b.sensorsBattery('/nonexistent'), null);
  try {
    b.diskUsage('/no/such/path');
    assert.fail('expected ENOENT');
  } catch (e) {
    assert.equal(e.code, 'ENOENT');
    assert.equal(e.syscall, 'statvfs');
  }
  assert.throws(() => b.diskUsage(''), TypeError);
  assert.throws(() => b.diskUsage('/\0x'), TypeError);
  assert.throws(() => b.diskPartitions('relative'), TypeError);
  assert.throws(() => b.sensorsFans(42), TypeError);
}

// The network calls: every table, this process's sockets, argument and OS errors.
function callNet() {
  const io = b.netIoCounters();
  assert.ok(io.some((n) => n.name === 'lo') && io.every((n) => n.bytesRecv >= 0 && n.dropout >= 0));
  assert.ok(b.netIfAddrs().some((a) => a.name === 'lo' && a.family === 2 && a.address === '127.0.0.1'));
  assert.ok(b.netIfStats().some((s) => s.name === 'lo' && (s.flags & 0x8) !== 0 && s.mtu > 0));
  const all = b.netConnections(31);
  assert.ok(all.every((c) => [1, 2, 10].includes(c.family) && typeof c.status === 'string'));
  assert.ok(Array.isArray(b.netConnections(15, process.pid)));
  for (const bad of [0, 32, 1.5]) assert.throws(() => b.netConnections(bad), /tables/);
  assert.throws(() => b.netConnections('tcp'), TypeError);
  try {
    b.netConnections(31, 2 ** 31 - 1);
    assert.fail('expected ENOENT');
  } catch (e) {
    assert.equal(e.code, 'ENOENT');
  }
}

if (!isMainThread) {
  for (let i = 0; i < workerData.iterations; i++) callEverything();
  for (let i = 0; i < processRounds(workerData.iterations); i++) callProcesses();
  for (let i = 0; i < processRounds(workerData.iterations); i++) callNet();
  for (let i = 0; i < processRounds(workerData.iterations); i++) callDiskSensors();
  parentPort.postMessage('done');
} else {
  const workers = Number(process.argv[3] ?? 4);
  const iterations = Number(process.argv[4] ?? 2000);

  // Values against /proc, read the slow way.
  const stat = readFileSync('/proc/stat', 'utf8');
  const btime = Number(/^btime (\d+)/m.exec(stat)[1]);
  assert.equal(b.bootTime(), btime);
  const meminfo = Object.fromEntries(
    readFileSync('/proc/meminfo', 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(/:\s+/))
      .map(([k, v]) => [k, Number.parseInt(v, 10) * 1024]),
  );
  const vm = b.virtualMemory();
  assert.equal(vm.total, meminfo.MemTotal);
  assert.equal(vm.cached, meminfo.Cached + meminfo.SReclaimable);
  assert.equal(b.swapMemory().total, meminfo.SwapTotal);
  const cpuLines = stat.split('\n').filter((l) => l.startsWith('cpu'));
  assert.equal(b.cpuTimes().length, cpuLines.length * 10);
  assert.equal(b.cpuCountLogical(), os.availableParallelism?.() ?? os.cpus().length);

  // A thread id resolves in /proc and kill() accepts it, but it is not a pid.
  const tid = readdirSync('/proc/self/task')
    .map(Number)
    .find((t) => t !== process.pid);
  if (tid !== undefined) assert.equal(b.pidExists(tid), false, `thread ${tid} is not a pid`);
  assert.equal(b.pidExists(2 ** 31 - 1), false);
  assert.equal(b.pidExists(-1), false);
  assert.equal(b.pidExists(1.5), false);
  assert.throws(() => b.pidExists('1'), TypeError);

  // utmp parsing of a synthetic file: one USER_PROCESS record of the x86-64
  // glibc layout (384 bytes) plus a truncated tail.
  if (process.arch === 'x64' || process.arch === 'arm64') {
    const rec = Buffer.alloc(384);
    rec.writeInt16LE(7, 0); // USER_PROCESS
    rec.writeInt32LE(4242, 4); // ut_pid
    rec.write('pts/1', 8); // ut_line[32]
    rec.fill(0x78, 44, 76); // ut_user[32], full: no NUL terminator
    rec[44] = 0xff; // invalid UTF-8 -> U+FFFD
    rec.write('example.org', 76); // ut_host[256]
    rec.writeInt32LE(1700000000, 340); // ut_tv.tv_sec
    const dir = mkdtempSync(path.join(os.tmpdir(), 'psnode-smoke-'));
    const file = path.join(dir, 'utmp');
    writeFileSync(file, Buffer.concat([rec, rec.subarray(0, 100)]));
    const users = b.users(file);
    rmSync(dir, { recursive: true });
    assert.deepEqual(users, [
      {
        name: `\ufffd${'x'.repeat(31)}`,
        terminal: 'pts/1',
        host: 'example.org',
        started: 1700000000,
        pid: 4242,
      },
    ]);
  }

  // Error shape.
  try {
    b.users('/');
    assert.fail('expected EISDIR');
  } catch (e) {
    assert.ok(e instanceof Error);
    assert.equal(e.message, "read '/' failed: EISDIR");
    assert.deepEqual(
      { code: e.code, errno: e.errno, syscall: e.syscall, path: e.path },
      { code: 'EISDIR', errno: 21, syscall: 'read', path: '/' },
    );
  }

  // A listener of this process is found with its fd, in the tcp table and per process.
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  for (const list of [b.netConnections(1), b.netConnections(1, process.pid)]) {
    assert.deepEqual(
      list.find((c) => c.laddr?.port === port),
      {
        fd: server._handle.fd,
        family: 2,
        type: 1,
        laddr: { ip: '127.0.0.1', port },
        raddr: null,
        status: 'LISTEN',
        pid: process.pid,
      },
    );
  }
  await new Promise((resolve) => server.close(resolve));

  const started = performance.now();
  const running = Array.from(
    { length: workers },
    () =>
      new Promise((resolve, reject) => {
        const w = new Worker(fileURLToPath(import.meta.url), { workerData: { addonPath, iterations } });
        w.once('message', resolve);
        w.once('error', reject);
        w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
      }),
  );
  // The main thread keeps calling while the workers run.
  for (let i = 0; i < iterations; i++) callEverything();
  for (let i = 0; i < processRounds(iterations); i++) callProcesses();
  for (let i = 0; i < processRounds(iterations); i++) callNet();
  for (let i = 0; i < processRounds(iterations); i++) callDiskSensors();
  await Promise.all(running);
  console.log(
    `smoke: main + ${workers} workers x ${iterations} iterations OK in ${Math.round(performance.now() - started)} ms`,
  );

  // Per-call cost, for orientation.
  const common = ['name', 'username', 'cpuTimes', 'memoryInfo', 'status', 'createTime', 'numThreads', 'ppid'];
  const mask = common.reduce((m, a) => m + 2 ** b.processAttrs.indexOf(a), 0);
  let best = Infinity;
  let count = 0;
  for (let round = 0; round < 5; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) count = b.processScan(mask).length;
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 100 / 1000);
  }
  console.log(`  processScan(8 attrs): ${(best / count).toFixed(2)} µs/process (${count} processes)`);
  for (const name of ['cpuTimes', 'virtualMemory', 'loadAvg', 'pids']) {
    const n = 20000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) b[name]();
    console.log(`  ${name}: ${(Number(process.hrtime.bigint() - t0) / n / 1000).toFixed(2)} µs/call`);
  }
}
