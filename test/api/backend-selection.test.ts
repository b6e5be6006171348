import { describe, expect, it } from 'vitest';
import { runNode } from '../helpers/run';

const info = 'console.log(JSON.stringify(ps.backendInfo()));';

describe('backend selection', () => {
  it('auto picks native when the addon loads', () => {
    expect(JSON.parse(runNode(info).stdout)).toEqual({ name: 'native' });
  });

  it('PSNODE_BACKEND=exec and configure({ backend }) override it; configure wins over the environment', () => {
    expect(JSON.parse(runNode(info, { PSNODE_BACKEND: 'exec' }).stdout)).toEqual({
      name: 'exec',
      reason: 'chosen by PSNODE_BACKEND',
    });
    const run = runNode(`ps.configure({ backend: 'native' }); ${info}`, { PSNODE_BACKEND: 'exec' });
    expect(JSON.parse(run.stdout)).toEqual({ name: 'native' });
  });

  it('configure can switch at any time, and later calls use the new backend', () => {
    const run = runNode(`(async () => {
      const a = (await ps.virtualMemory()).total; const first = ps.backendInfo().name;
      ps.configure({ backend: 'exec' });
      const b = (await ps.virtualMemory()).total; const second = ps.backendInfo().name;
      console.log(JSON.stringify({ first, second, same: a === b }));
    })();`);
    expect(JSON.parse(run.stdout)).toEqual({ first: 'native', second: 'exec', same: true });
  });

  it('nothing is loaded or started at import time', () => {
    const run = runNode(`
      const fs = require('fs');
      const loaded = () => fs.readFileSync('/proc/self/maps', 'utf8').includes('psnode.node');
      const threads = () => fs.readdirSync('/proc/self/task').length;
      const before = { addon: loaded(), threads: threads() };
      ps.cpuTimes().then(() => {
        console.log(JSON.stringify({ before, after: { addon: loaded() } }));
      });`);
    const seen = JSON.parse(run.stdout);
    expect(seen.before.addon).toBe(false);
    expect(seen.after.addon).toBe(true);
  });

  it('import and require both work and share one instance', () => {
    const run = runNode(`import('psnode').then(async (esm) => {
      const cjs = require('psnode');
      console.log(JSON.stringify({ same: esm.cpuTimes === cjs.cpuTimes && esm.default === cjs,
        err: new esm.NoSuchProcess(1) instanceof cjs.NoSuchProcess, total: (await esm.virtualMemory()).total > 0 }));
    });`);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ same: true, err: true, total: true });
  });
});
