/** One list of the public API: every exported function has a benchmark row and a route. */
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index';
import { NATIVE_ROUTES } from '../../src/workers/routing';

/** Settings and helpers, not readings: nothing to benchmark. */
const LIFECYCLE = new Set(['configure', 'backendInfo', 'close', 'resetCounterCache']);

describe('catalog', () => {
  it('every exported function is benchmarked', async () => {
    const path = '../../bench/functions.mjs';
    const { FUNCTIONS } = (await import(path)) as { FUNCTIONS: Array<{ name: string; method: string }> };
    const benched = new Set(FUNCTIONS.map((f) => f.name.split(' ')[0]));
    const exported = Object.entries(api)
      .filter(([name, value]) => typeof value === 'function' && /^[a-z]/.test(name) && !LIFECYCLE.has(name))
      .map(([name]) => name);
    expect(exported.length).toBeGreaterThan(10);
    for (const name of exported) expect(benched, `${name} has no benchmark row`).toContain(name);
    for (const f of FUNCTIONS) expect(Object.keys(NATIVE_ROUTES)).toContain(f.method);
  });
});
