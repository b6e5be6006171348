/**
 * Processes that come and go under the reader: short-lived children started
 * in a loop while scans and reads run. A pid listed by pids() may be gone by
 * the time it is read: that is NoSuchProcess, or, in a scan, a skipped entry,
 * never another error.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, ps } from '../helpers/psnode';

afterAll(() => ps.close());

/** Starts `true` over and over until `stop()`; returns the pids it started. */
function churn(): { pids: number[]; stop: () => Promise<void> } {
  const pids: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const child = spawn('true', { stdio: 'ignore' });
      if (child.pid) pids.push(child.pid);
      await new Promise((resolve) => child.once('exit', resolve));
    }
  })();
  return {
    pids,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

describe.each(BACKENDS)('%s backend under churn', (backend) => {
  it('scans skip vanished processes; reads of vanished pids are NoSuchProcess', async () => {
    ps.configure({ backend });
    const load = churn();
    let scans = 0;
    let gone = 0;
    let read = 0;
    try {
      const until = Date.now() + 1500;
      while (Date.now() < until) {
        for await (const p of ps.processIter({ attrs: ['name', 'cmdline', 'memoryInfo', 'status'] })) {
          expect(p.info.status).toBeTypeOf('string');
        }
        scans++;
        // pids() then a read: the short-lived ones are usually gone by then.
        for (const pid of (await ps.pids()).filter((p) => load.pids.includes(p))) {
          try {
            await (await ps.Process.of(pid)).cmdline();
            read++;
          } catch (error) {
            expect(error).toBeInstanceOf(ps.NoSuchProcess);
            gone++;
          }
        }
        for (const pid of load.pids.slice(-5)) {
          try {
            await ps.Process.of(pid);
            read++;
          } catch (error) {
            expect(error).toBeInstanceOf(ps.NoSuchProcess);
            gone++;
          }
        }
      }
    } finally {
      await load.stop();
    }
    expect(scans).toBeGreaterThan(0);
    expect(load.pids.length).toBeGreaterThan(5);
    expect(gone + read).toBeGreaterThan(0);
    expect(gone).toBeGreaterThan(0);
  }, 60_000);
});
