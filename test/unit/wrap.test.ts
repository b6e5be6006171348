import { beforeEach, describe, expect, it } from 'vitest';
import { resetCounterCache, unwrapCounters } from '../../src/api/wrap';

describe('counter wrap correction', () => {
  beforeEach(() => resetCounterCache());

  it('passes values through while they grow', () => {
    expect(unwrapCounters('t', { eth0: { rx: 10, tx: 5 } })).toEqual({ eth0: { rx: 10, tx: 5 } });
    expect(unwrapCounters('t', { eth0: { rx: 20, tx: 6 } })).toEqual({ eth0: { rx: 20, tx: 6 } });
  });

  it('adds back the value before a wrap, and keeps adding it', () => {
    const max = 2 ** 32 - 1;
    unwrapCounters('t', { eth0: { rx: max - 10 } });
    expect(unwrapCounters('t', { eth0: { rx: 5 } })).toEqual({ eth0: { rx: max - 10 + 5 } });
    expect(unwrapCounters('t', { eth0: { rx: 50 } })).toEqual({ eth0: { rx: max - 10 + 50 } });
    // a second wrap adds the second peak too
    expect(unwrapCounters('t', { eth0: { rx: 1 } })).toEqual({ eth0: { rx: max - 10 + 50 + 1 } });
  });

  it('keeps one history per function and per device; vanished devices start clean', () => {
    unwrapCounters('a', { sda: { reads: 100 } });
    unwrapCounters('b', { sda: { reads: 1 } });
    expect(unwrapCounters('a', { sda: { reads: 10 } })).toEqual({ sda: { reads: 110 } });
    unwrapCounters('a', { sdb: { reads: 1 } });
    expect(unwrapCounters('a', { sda: { reads: 5 } })).toEqual({ sda: { reads: 5 } });
  });

  it('resetCounterCache forgets the history', () => {
    unwrapCounters('a', { sda: { reads: 100 } });
    resetCounterCache('a');
    expect(unwrapCounters('a', { sda: { reads: 10 } })).toEqual({ sda: { reads: 10 } });
  });
});
