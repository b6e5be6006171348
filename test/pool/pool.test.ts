import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { ADDON, pool, ps, ROOT } from '../helpers/psnode';
import { runNode } from '../helpers/run';

/** What a promise rejected with, typed loosely enough to inspect its fields. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as Error & Record<string, unknown>,
  );

afterAll(() => ps.close());

describe('worker pool', () => {
  it('a script that awaits one call and nothing else exits by itself, quickly', () => {
    for (const backend of ['native', 'exec']) {
      const run = runNode('ps.cpuTimes().then((t) => console.log(typeof t.user));', { PSNODE_BACKEND: backend });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('number');
      expect(run.status).toBe(0);
      // Well under a second even on this busy 2-core machine (node's own start is ~50 ms).
      expect(run.ms).toBeLessThan(1000);
    }
  });

  it('a call that goes through the pool does not keep an idle process alive either', () => {
    const run = runNode('ps.pids().then((p) => console.log(p.length > 0));', { PSNODE_BACKEND: 'native' });
    expect(run.stdout.trim()).toBe('true');
    expect(run.status).toBe(0);
    expect(run.ms).toBeLessThan(1500);
  });

  it('a pending job keeps the process alive until it answers', () => {
    const poolModule = JSON.stringify(`${ROOT}/dist/workers/pool.js`);
    const run = runNode(
      `require(${poolModule}).runJob({ kind: 'spin', milliseconds: 300 }).then(() => console.log('answered'));`,
    );
    expect(run.stdout.trim()).toBe('answered');
    expect(run.status).toBe(0);
  });

  it('a timeout rejects with TimeoutExpired, ends the stuck worker, and the pool goes on serving', async () => {
    const started = performance.now();
    const error = await rejection(pool.runJob({ kind: 'spin', milliseconds: 10_000 }, { timeout: 100 }));
    expect(error).toBeInstanceOf(ps.TimeoutExpired);
    expect(error?.code).toBe('PSNODE_TIMEOUT_EXPIRED');
    expect(error?.seconds).toBe(0.1);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(typeof (await pool.runJob({ kind: 'ping' }))).toBe('number');
    expect((await ps.cpuTimes({ timeout: 5000 })).user).toBeGreaterThan(0);
  });

  it('an abort rejects with AbortError (running or not yet started) and the pool goes on', async () => {
    const controller = new AbortController();
    const running = pool.runJob({ kind: 'spin', milliseconds: 10_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('enough')), 50);
    const error = await rejection(running);
    expect(error).toBeInstanceOf(ps.AbortError);
    expect(error?.name).toBe('AbortError');
    expect(error?.code).toBe('ABORT_ERR');
    expect(error?.cause).toEqual(new Error('enough'));

    const already = AbortSignal.abort();
    await expect(ps.pids({ signal: already })).rejects.toBeInstanceOf(ps.AbortError);
    await expect(ps.virtualMemory({ signal: already })).rejects.toBeInstanceOf(ps.AbortError);
    expect((await ps.pids()).length).toBeGreaterThan(0);
  });

  it('timeouts and aborts leave no stuck workers behind after many rounds', async () => {
    for (let round = 0; round < 5; round++) {
      await pool.runJob({ kind: 'spin', milliseconds: 5_000 }, { timeout: 20 }).catch(() => undefined);
    }
    const answers = await Promise.all(Array.from({ length: 8 }, () => pool.runJob({ kind: 'ping' })));
    expect(answers.every((id) => typeof id === 'number')).toBe(true);
  });

  it('an error thrown in a worker arrives as the real class with its fields', () => {
    // An exec backend whose tools cannot be found: the worker throws CommandFailed.
    const run = runNode(
      `ps.virtualMemory().then(() => console.log('no error'), (e) => console.log(JSON.stringify({
        isCommandFailed: e instanceof ps.CommandFailed, isPsnode: e instanceof ps.PsnodeError,
        name: e.name, code: e.code, command: e.command, message: e.message })));`,
      { PSNODE_BACKEND: 'exec', PATH: '/nonexistent' },
    );
    const seen = JSON.parse(run.stdout);
    expect(seen).toMatchObject({ isCommandFailed: true, isPsnode: true, name: 'CommandFailed' });
    expect(seen.code).toBe('PSNODE_COMMAND_FAILED');
    expect(seen.command).toMatch(/^cat /);
  });

  it('the addon loads in the main thread and in several workers at once', async () => {
    const addon = path.resolve(ADDON);
    const main = require(addon);
    expect(main.cpuTimes().length).toBeGreaterThan(0);
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const b = require(workerData);
      let n = 0;
      for (let i = 0; i < 2000; i++) { b.cpuTimes(); b.virtualMemory(); b.pids(); b.loadAvg(); n++; }
      parentPort.postMessage({ n, total: b.virtualMemory().total });`;
    const results = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<{ n: number; total: number }>((resolve, reject) => {
            const worker = new Worker(source, { eval: true, workerData: addon });
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
    for (const r of results) {
      expect(r.n).toBe(2000);
      expect(r.total).toBe(main.virtualMemory().total);
    }
  });

  it('pool calls run in several workers at once, each with its own addon', async () => {
    ps.configure({ backend: 'native', maxThreads: 3 });
    const threads = await Promise.all(
      Array.from({ length: 3 }, () => pool.runJob({ kind: 'spin', milliseconds: 300 }) as Promise<number>),
    );
    expect(new Set(threads).size).toBeGreaterThan(1);
    const lists = await Promise.all(Array.from({ length: 12 }, () => ps.pids()));
    for (const list of lists) expect(list.length).toBeGreaterThan(0);
  });
});
