/**
 * diskUsage and diskPartitions can block for ever in the kernel (statvfs on a
 * dead NFS server). They always run in the pool, so `timeout` and `signal`
 * give up on them and later calls still work.
 *
 * Nothing here can make statvfs hang on demand (it never blocks on a FIFO or
 * a local file system), so a stuck worker is played by the pool's `spin` job,
 * which keeps its thread busy exactly as a call that does not return would:
 * - with one worker, a spin holds the only thread and the disk call waits
 *   behind it; its timeout fires and it rejects (had it been routed inline it
 *   would simply have answered);
 * - a running spin past its timeout is given up on and its worker ended
 *   (Piscina terminates the thread), and the next disk call gets a fresh one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, pool, ps } from '../helpers/psnode';

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as Error & Record<string, unknown>,
  );

afterAll(async () => {
  ps.configure({ maxThreads: 4 });
  await ps.close();
});

describe.each(BACKENDS)('%s backend', (backend) => {
  beforeAll(() => ps.configure({ backend, maxThreads: 1 }));

  it('a disk call stuck behind a busy worker rejects with TimeoutExpired, and later calls work', async () => {
    const busy = pool.runJob({ kind: 'spin', milliseconds: 1500 });
    const started = performance.now();
    const usage = await rejection(ps.diskUsage('/', { timeout: 100 }));
    expect(usage).toBeInstanceOf(ps.TimeoutExpired);
    expect(usage).toMatchObject({ code: 'PSNODE_TIMEOUT_EXPIRED', seconds: 0.1 });
    const partitions = await rejection(ps.diskPartitions({ timeout: 100 }));
    expect(partitions).toBeInstanceOf(ps.TimeoutExpired);
    expect(performance.now() - started).toBeLessThan(1400);
    await busy;
    expect((await ps.diskUsage('/', { timeout: 5000 })).total).toBeGreaterThan(0);
    expect((await ps.diskPartitions({ timeout: 5000 })).length).toBeGreaterThan(0);
  });

  it('a worker stuck past the timeout is given up on; the next disk call gets a fresh worker', async () => {
    const stuck = await rejection(pool.runJob({ kind: 'spin', milliseconds: 10_000 }, { timeout: 100 }));
    expect(stuck).toBeInstanceOf(ps.TimeoutExpired);
    const started = performance.now();
    expect((await ps.diskUsage('/', { timeout: 5000 })).total).toBeGreaterThan(0);
    // Far less than the 10 s the stuck job would have kept the only thread.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('an abort signal gives up the same way', async () => {
    const busy = pool.runJob({ kind: 'spin', milliseconds: 1000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await rejection(ps.diskUsage('/', { signal: controller.signal }))).toBeInstanceOf(ps.AbortError);
    await busy;
    expect((await ps.diskPartitions()).length).toBeGreaterThan(0);
  });
});
