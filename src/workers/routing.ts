/**
 * Where each native call runs: `inline` on the caller's thread, or `pool`.
 * A hop through the pool costs tens of microseconds; a call that is cheaper
 * than that and cannot block (a /proc read never waits on a disk or the
 * network) runs inline. Exec calls always go to the pool: a fork blocks the
 * calling loop for milliseconds.
 *
 * Figures: `npm run bench`, this 2-core VM, Node 20 (median per call).
 * Bare pool hop (ping job): see the bench table; every inline entry below is
 * several times cheaper than the hop.
 */
import type { BackendMethod } from '../backends/types';

export type Route = 'inline' | 'pool';

export const NATIVE_ROUTES: Readonly<Record<BackendMethod, Route>> = {
  cpuTimes: 'inline',
  cpuStats: 'inline',
  loadAvg: 'inline',
  virtualMemory: 'inline',
  swapMemory: 'inline',
  bootTime: 'inline',
  cpuCountLogical: 'inline',
  cpuCountPhysical: 'inline',
  cpuFreq: 'inline',
  users: 'inline',
  pidExists: 'inline',
  pids: 'pool',
};
