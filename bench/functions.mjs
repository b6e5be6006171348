// The benchmark's list of public functions: how to call each through the API
// and, for the bare figure, straight into the addon. test/unit/catalog.test.ts
// checks that every exported function appears here.

/** @type {Array<{ name: string, method: string, api: (ps: any) => Promise<unknown>, bare?: (b: any) => unknown }>} */
export const FUNCTIONS = [
  { name: 'cpuTimes', method: 'cpuTimes', api: (ps) => ps.cpuTimes(), bare: (b) => b.cpuTimes() },
  {
    name: 'cpuTimes percpu',
    method: 'cpuTimes',
    api: (ps) => ps.cpuTimes({ percpu: true }),
    bare: (b) => b.cpuTimes(),
  },
  { name: 'cpuPercent', method: 'cpuTimes', api: (ps) => ps.cpuPercent(), bare: (b) => b.cpuTimes() },
  { name: 'cpuTimesPercent', method: 'cpuTimes', api: (ps) => ps.cpuTimesPercent(), bare: (b) => b.cpuTimes() },
  { name: 'cpuStats', method: 'cpuStats', api: (ps) => ps.cpuStats(), bare: (b) => b.cpuStats() },
  { name: 'cpuCount', method: 'cpuCountLogical', api: (ps) => ps.cpuCount(), bare: (b) => b.cpuCountLogical() },
  {
    name: 'cpuCount physical',
    method: 'cpuCountPhysical',
    api: (ps) => ps.cpuCount({ logical: false }),
    bare: (b) => b.cpuCountPhysical(),
  },
  { name: 'cpuFreq', method: 'cpuFreq', api: (ps) => ps.cpuFreq(), bare: (b) => b.cpuFreq() },
  { name: 'getLoadAvg', method: 'loadAvg', api: (ps) => ps.getLoadAvg(), bare: (b) => b.loadAvg() },
  { name: 'virtualMemory', method: 'virtualMemory', api: (ps) => ps.virtualMemory(), bare: (b) => b.virtualMemory() },
  { name: 'swapMemory', method: 'swapMemory', api: (ps) => ps.swapMemory(), bare: (b) => b.swapMemory() },
  { name: 'bootTime', method: 'bootTime', api: (ps) => ps.bootTime(), bare: (b) => b.bootTime() },
  { name: 'users', method: 'users', api: (ps) => ps.users(), bare: (b) => b.users() },
  { name: 'pids', method: 'pids', api: (ps) => ps.pids(), bare: (b) => b.pids() },
  {
    name: 'pidExists',
    method: 'pidExists',
    api: (ps) => ps.pidExists(process.pid),
    bare: (b) => b.pidExists(process.pid),
  },
];
