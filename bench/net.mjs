// The network rows of bench/functions.mjs with a few hundred sockets open in
// this process (TCP pairs on loopback and UDP sockets), so that
// netConnections has a table worth walking: bare addon call, `await` through
// the API on the native backend, and on the exec backend. Median µs per call.
//   node bench/net.mjs [pairs=100] [udp=100]
import dgram from 'node:dgram';
import { createRequire } from 'node:module';
import net from 'node:net';
import { Bench } from 'tinybench';
import { FUNCTIONS } from './functions.mjs';

const require = createRequire(import.meta.url);
const ps = require('../dist/index.js');
const binding = require('../build/Release/psnode.node');

const pairs = Number(process.argv[2] ?? 100);
const udpCount = Number(process.argv[3] ?? 100);

const server = net.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const held = [];
server.on('connection', (c) => held.push(c));
for (let i = 0; i < pairs; i++) {
  held.push(
    await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => resolve(c));
    }),
  );
}
for (let i = 0; i < udpCount; i++) {
  const s = dgram.createSocket('udp4');
  await new Promise((resolve) => s.bind(0, '127.0.0.1', resolve));
  held.push(s);
}
await new Promise((resolve) => setTimeout(resolve, 100));

async function measure(fn, time) {
  const bench = new Bench({ time, warmupTime: Math.min(200, time / 2), iterations: 5 });
  bench.add('x', fn);
  await bench.run();
  const r = bench.tasks[0].result;
  if (!r || !('latency' in r)) throw new Error(String(r?.error ?? 'no result'));
  return r.latency.p50 * 1000;
}

const us = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
ps.configure({ backend: 'native' });
const mine = (await ps.netConnections({ kind: 'all' })).filter((c) => c.pid === process.pid).length;
const total = (await ps.netConnections({ kind: 'all' })).length;
console.log(`${mine} sockets held by this process, ${total} in the system (kind all); Node ${process.version}`);
console.log('| function | bare µs | native µs | exec µs | exec/native |');
console.log('|---|---|---|---|---|');
for (const fn of FUNCTIONS.filter((f) => f.method.startsWith('net'))) {
  ps.configure({ backend: 'native' });
  const bare = fn.bare ? await measure(() => fn.bare(binding), 400) : Number.NaN;
  const native = await measure(() => fn.api(ps), 400);
  ps.configure({ backend: 'exec' });
  await fn.api(ps);
  const exec = await measure(() => fn.api(ps), 1500);
  console.log(`| ${fn.name} | ${us(bare)} | ${us(native)} | ${us(exec)} | ${(exec / native).toFixed(1)} |`);
}
for (const h of held) (h.destroy ?? h.close).call(h);
server.close();
await ps.close();
