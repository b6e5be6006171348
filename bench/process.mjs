// Process benchmarks (npm run bench): a full processIter scan per process,
// native vs exec, at the current process count and with ~1,000 extra
// sleeping children, next to the C floor (read stat + status + statm of every
// pid, ../shared/floor) measured in the same run; and asDict() of every
// attribute vs one call per attribute.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SCAN_ATTRS } from './functions.mjs';

/** Best-of-N milliseconds for one full scan, and the process count it saw. */
async function timeScan(ps, runs) {
  let best = Number.POSITIVE_INFINITY;
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    let n = 0;
    for await (const _ of ps.processIter({ attrs: SCAN_ATTRS })) n++;
    best = Math.min(best, performance.now() - started);
    count = n;
  }
  return { ms: best, count };
}

/** The floor program, compiled once; null where ../shared/floor is absent. */
function floorBinary(root) {
  const source = path.join(root, '..', 'shared', 'floor', 'floor.c');
  if (!existsSync(source)) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'psnode-floor-'));
  const binary = path.join(dir, 'floor');
  execFileSync('cc', ['-O2', '-o', binary, source]);
  return { binary, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function floorPerProcess(floor) {
  if (!floor) return null;
  const out = execFileSync(floor.binary, ['scan', '50'], { encoding: 'utf8' });
  const match = /([\d.]+) us per process/.exec(out);
  return match ? Number(match[1]) : null;
}

async function spawnSleepers(count) {
  const children = [];
  for (let i = 0; i < count; i++) children.push(spawn('sleep', ['600'], { stdio: 'ignore' }));
  await new Promise((r) => setTimeout(r, 1500));
  return () => {
    for (const child of children) child.kill('SIGKILL');
  };
}

async function scanRow(ps, floor, label, quick) {
  const floorUs = floorPerProcess(floor);
  ps.configure({ backend: 'native' });
  const native = await timeScan(ps, quick ? 3 : 7);
  ps.configure({ backend: 'exec' });
  const exec = await timeScan(ps, quick ? 2 : 3);
  const nativeUs = (native.ms * 1000) / native.count;
  const execUs = (exec.ms * 1000) / exec.count;
  return {
    label,
    processes: native.count,
    nativeMs: native.ms,
    execMs: exec.ms,
    nativeUs,
    execUs,
    floorUs,
    line: `| ${label} | ${native.count} | ${native.ms.toFixed(1)} | ${nativeUs.toFixed(1)} | ${floorUs?.toFixed(1) ?? '—'} | ${floorUs ? (nativeUs / floorUs).toFixed(2) : '—'}× | ${exec.ms.toFixed(0)} | ${execUs.toFixed(1)} | ${(execUs / nativeUs).toFixed(1)}× |`,
  };
}

async function asDictRow(ps, backend, runs) {
  ps.configure({ backend });
  const self = await ps.Process.of();
  const every = ps.PROCESS_INFO_ATTRS.filter((a) => a !== 'pid' && a !== 'cpuPercent' && a !== 'memoryPercent');
  let oneRead = Number.POSITIVE_INFINITY;
  let perAttr = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await self.asDict({ attrs: every });
    oneRead = Math.min(oneRead, performance.now() - t);
    t = performance.now();
    for (const attr of every) await self.asDict({ attrs: [attr] });
    perAttr = Math.min(perAttr, performance.now() - t);
  }
  return `| ${backend} | ${every.length} | ${oneRead.toFixed(2)} | ${perAttr.toFixed(2)} | ${(perAttr / oneRead).toFixed(1)}× |`;
}

/** Runs the process benchmarks; returns markdown lines and raw figures. */
export async function runProcessBench(ps, root, { quick = false } = {}) {
  const floor = floorBinary(root);
  const rows = [];
  try {
    rows.push(await scanRow(ps, floor, 'as found', quick));
    const stop = await spawnSleepers(quick ? 300 : 1000);
    try {
      rows.push(await scanRow(ps, floor, `+${quick ? 300 : 1000} sleepers`, quick));
    } finally {
      stop();
    }
  } finally {
    floor?.cleanup();
  }
  const lines = [
    '',
    `## Full process scan: processIter({ attrs: [${SCAN_ATTRS.map((a) => `'${a}'`).join(', ')}] })`,
    '',
    'Best of several scans. Floor: C reading /proc/<pid>/stat, status and statm of every pid (../shared/floor), same run.',
    '',
    '| processes | count | native ms/scan | native µs/process | floor µs/process | native / floor | exec ms/scan | exec µs/process | exec / native |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => r.line),
    '',
    '## asDict(): every attribute in one read vs one call per attribute (ms, this process)',
    '',
    '| backend | attributes | one asDict() | one call each | ratio |',
    '|---|---:|---:|---:|---:|',
    await asDictRow(ps, 'native', quick ? 3 : 10),
    await asDictRow(ps, 'exec', quick ? 1 : 3),
  ];
  return { lines, rows };
}
