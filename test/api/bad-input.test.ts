import { afterAll, describe, expect, it } from 'vitest';
import { ps } from '../helpers/psnode';
import { runNode } from '../helpers/run';

afterAll(() => ps.close());

type Case = [string, () => Promise<unknown>, typeof TypeError | typeof RangeError];

// Casts: these calls are wrong on purpose, as untyped JavaScript callers write them.
const loose = ps as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
const call =
  (fn: string, ...args: unknown[]) =>
  () =>
    (loose[fn] as (...a: unknown[]) => Promise<unknown>)(...args);

const cases: Case[] = [
  ['pidExists(-1)', call('pidExists', -1), RangeError],
  ['pidExists(1.5)', call('pidExists', 1.5), RangeError],
  ["pidExists('1; rm -rf /')", call('pidExists', '1; rm -rf /'), TypeError],
  ['pidExists(2 ** 53)', call('pidExists', 2 ** 53), RangeError],
  ['pidExists(2 ** 31)', call('pidExists', 2 ** 31), RangeError],
  ['pidExists(NaN)', call('pidExists', Number.NaN), RangeError],
  ['pidExists()', call('pidExists'), TypeError],
  ['pidExists(1n)', call('pidExists', 1n), TypeError],
  ['cpuPercent({ interval: -1 })', call('cpuPercent', { interval: -1 }), RangeError],
  ['cpuPercent({ interval: NaN })', call('cpuPercent', { interval: Number.NaN }), RangeError],
  ['cpuPercent({ interval: Infinity })', call('cpuPercent', { interval: Number.POSITIVE_INFINITY }), RangeError],
  ["cpuPercent({ interval: '1' })", call('cpuPercent', { interval: '1' }), TypeError],
  ['cpuPercent({ percpu: 1 })', call('cpuPercent', { percpu: 1 }), TypeError],
  ['cpuTimes({ perCpu: true })', call('cpuTimes', { perCpu: true }), TypeError],
  ['cpuCount({ logical: "no" })', call('cpuCount', { logical: 'no' }), TypeError],
  ['cpuTimesPercent({ interval: -0.5 })', call('cpuTimesPercent', { interval: -0.5 }), RangeError],
  ['cpuFreq(true)', call('cpuFreq', true), TypeError],
  ['virtualMemory({ timeout: -5 })', call('virtualMemory', { timeout: -5 }), RangeError],
  ['swapMemory({ timeout: "5" })', call('swapMemory', { timeout: '5' }), TypeError],
  ['users({ signal: {} })', call('users', { signal: {} }), TypeError],
  ['pids({ bogus: 1 })', call('pids', { bogus: 1 }), TypeError],
  ['bootTime(null)', call('bootTime', null), TypeError],
  ['getLoadAvg([])', call('getLoadAvg', []), TypeError],
  ['cpuStats({ timeout: 0 })', call('cpuStats', { timeout: 0 }), RangeError],
];

describe('bad input', () => {
  it.each(cases)('%s is rejected with a clear error', async (_label, fn, kind) => {
    const error = await fn().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(kind);
    expect((error as Error).message.length).toBeGreaterThan(10);
  });

  it('configure checks its options too', () => {
    expect(() => ps.configure({ backend: 'fast' as 'auto' })).toThrow(RangeError);
    expect(() => ps.configure({ maxThreads: 0 })).toThrow(RangeError);
    expect(() => ps.configure({ colour: 1 } as never)).toThrow(TypeError);
  });

  it('validation happens before anything is selected, loaded, read or spawned', () => {
    // With an invalid PSNODE_BACKEND, any call that got past validation would fail on it instead.
    const run = runNode(
      `Promise.allSettled([ps.pidExists('1; touch /tmp/x'), ps.cpuPercent({ interval: -1 }), ps.cpuTimes()]).then((r) =>
        console.log(JSON.stringify(r.map((x) => x.reason.name + ': ' + x.reason.message))));`,
      { PSNODE_BACKEND: 'bogus' },
    );
    const [pidError, intervalError, selectionError] = JSON.parse(run.stdout) as string[];
    expect(pidError).toMatch(/^TypeError: pidExists: pid must be an integer/);
    expect(intervalError).toMatch(/^RangeError: cpuPercent: option 'interval'/);
    expect(selectionError).toMatch(/^RangeError: PSNODE_BACKEND must be one of/);
  });
});
