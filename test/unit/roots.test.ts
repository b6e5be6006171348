/** The procfs/sysfs roots: checks, normalisation, precedence of configure() over the environment. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkRoot,
  currentRoots,
  DEFAULT_ROOTS,
  resetRoots,
  rootsKey,
  setRoots,
  underRoot,
} from '../../src/backends/roots';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetRoots();
});

describe('roots', () => {
  it('checkRoot takes absolute paths, normalised without a trailing slash', () => {
    expect(checkRoot('/host/proc/', 'x')).toBe('/host/proc');
    expect(checkRoot('/host//proc/../sys', 'x')).toBe('/host/sys');
    expect(checkRoot('/', 'x')).toBe('/');
    expect(() => checkRoot('proc', 'x')).toThrow(RangeError);
    expect(() => checkRoot('', 'x')).toThrow(RangeError);
    expect(() => checkRoot('/a\0b', 'x')).toThrow(RangeError);
    expect(() => checkRoot(1, 'x')).toThrow(TypeError);
  });

  it('underRoot joins without doubling the slash of /', () => {
    expect(underRoot('/proc', 'diskstats')).toBe('/proc/diskstats');
    expect(underRoot('/', 'diskstats')).toBe('/diskstats');
  });

  it('defaults, then the environment, then configure(); the default object is shared', () => {
    expect(currentRoots()).toBe(DEFAULT_ROOTS);
    process.env.PSNODE_PROCFS_PATH = '/host/proc';
    setRoots({}); // drops the cache, as configure() does
    expect(currentRoots()).toEqual({ procfs: '/host/proc', sysfs: '/sys' });
    setRoots({ sysfs: '/host/sys' });
    expect(currentRoots()).toEqual({ procfs: '/host/proc', sysfs: '/host/sys' });
    setRoots({ procfs: '/proc' });
    expect(currentRoots()).toEqual({ procfs: '/proc', sysfs: '/host/sys' });
    expect(rootsKey(currentRoots())).not.toBe(rootsKey(DEFAULT_ROOTS));
  });

  it('a relative path in the environment is a RangeError naming the variable', () => {
    process.env.PSNODE_SYSFS_PATH = 'sys';
    setRoots({});
    expect(() => currentRoots()).toThrow(/PSNODE_SYSFS_PATH/);
  });
});
