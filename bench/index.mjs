// npm run bench: every public function through both backends, the bare addon
// call beside the `await` through the API, and the bare pool hop — one run,
// one table. Figures are medians (and p99) per call; this machine is shared,
// so compare ratios within one run, not absolute times across runs.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { FUNCTIONS } from './functions.mjs';
import { runProcessBench } from './process.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const ps = require('../dist/index.js');
const { runJob } = require('../dist/workers/pool.js');
const { NATIVE_ROUTES } = require('../dist/workers/routing.js');
const binding = require('../build/Release/psnode.node');

const quick = process.argv.includes('--quick');
const NATIVE_MS = quick ? 100 : 400;
const EXEC_MS = quick ? 300 : 1500;

async function measure(name, fn, time) {
  const bench = new Bench({ time, warmupTime: Math.min(200, time / 2), iterations: 5 });
  bench.add(name, fn);
  await bench.run();
  const task = bench.tasks[0];
  if (!task.result || !('latency' in task.result)) throw new Error(`${name}: ${task.result?.error ?? 'no result'}`);
  const { p50, p99 } = task.result.latency;
  return { median: p50 * 1000, p99: p99 * 1000 }; // ms → µs
}

const us = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const rows = [];

ps.configure({ backend: 'native' });
await ps.cpuTimes(); // start the pool and load the addon before timing
const hop = await measure('pool hop (ping job)', () => runJob({ kind: 'ping' }), NATIVE_MS);
const noopAwait = await measure('await of a resolved promise', async () => {}, NATIVE_MS);

for (const fn of FUNCTIONS) {
  ps.configure({ backend: 'native' });
  const bare = fn.bare ? await measure(`${fn.name} bare`, () => fn.bare(binding), NATIVE_MS) : null;
  const native = await measure(`${fn.name} native`, () => fn.api(ps), NATIVE_MS);
  ps.configure({ backend: 'exec' });
  await fn.api(ps);
  const exec = await measure(`${fn.name} exec`, () => fn.api(ps), EXEC_MS);
  rows.push({ name: fn.name, route: NATIVE_ROUTES[fn.method], bare, native, exec });
  process.stderr.write(`${fn.name} done\n`);
}
const processBench = await runProcessBench(ps, path.join(here, '..'), { quick });
await ps.close();

const lines = [
  `# psnode benchmark — ${new Date().toISOString()}`,
  '',
  `Node ${process.version}, ${process.platform}-${process.arch}, ${(await import('node:os')).cpus().length} CPUs. Median per call (p99), µs.`,
  `Bare pool hop (ping job through Piscina): ${us(hop.median)} µs (p99 ${us(hop.p99)}). Await of a resolved promise: ${us(noopAwait.median)} µs.`,
  '',
  '| function | route | bare addon call | await, native | await, exec | exec / native |',
  '|---|---|---:|---:|---:|---:|',
];
for (const r of rows) {
  const bare = r.bare ? `${us(r.bare.median)} (${us(r.bare.p99)})` : '—';
  lines.push(
    `| ${r.name} | ${r.route} | ${bare} | ${us(r.native.median)} (${us(r.native.p99)}) | ${us(r.exec.median)} (${us(r.exec.p99)}) | ${(r.exec.median / r.native.median).toFixed(0)}× |`,
  );
}
lines.push(...processBench.lines);
const report = lines.join('\n');
console.log(report);
writeFileSync(path.join(here, 'results', quick ? 'quick.md' : 'latest.md'), `${report}\n`);
writeFileSync(
  path.join(here, 'results', quick ? 'quick.json' : 'latest.json'),
  JSON.stringify({ hop, noopAwait, rows, processScan: processBench.rows }, null, 2),
);
