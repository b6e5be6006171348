// The benchmark's list of public functions: how to call each through the API
// and, for the bare figure, straight into the addon. test/unit/catalog.test.ts
// checks that every exported function appears here.

/** The scan the issue asks to measure: psutil's typical `process_iter` attributes. */
export const SCAN_ATTRS = ['pid', 'name', 'username', 'cpuTimes', 'memoryInfo', 'status', 'createTime', 'numThreads'];
/** The addon's attribute mask for those attributes (bit i = its i-th process attribute). */
const scanMask = (b) =>
  SCAN_ATTRS.filter((a) => a !== 'pid').reduce((mask, attr) => mask | (1 << b.processAttrs.indexOf(attr)), 0);

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
    name: 'processIter',
    method: 'processScan',
    api: async (ps) => {
      for await (const _ of ps.processIter({ attrs: SCAN_ATTRS })) {
        // the whole table in one job: iterate it
      }
    },
    bare: (b) => b.processScan(scanMask(b)),
  },
  {
    name: 'Process.asDict',
    method: 'processRead',
    api: async (ps) => (await ps.Process.of()).asDict({ attrs: SCAN_ATTRS }),
    bare: (b) => b.processRead(process.pid, scanMask(b)),
  },
  {
    name: 'pidExists',
    method: 'pidExists',
    api: (ps) => ps.pidExists(process.pid),
    bare: (b) => b.pidExists(process.pid),
  },
  {
    name: 'diskPartitions',
    method: 'diskPartitions',
    api: (ps) => ps.diskPartitions(),
    bare: (b) => b.diskPartitions(),
  },
  { name: 'diskUsage', method: 'diskUsage', api: (ps) => ps.diskUsage('/'), bare: (b) => b.diskUsage('/') },
  {
    name: 'diskIoCounters',
    method: 'diskIoCounters',
    api: (ps) => ps.diskIoCounters(),
    bare: (b) => b.diskIoCounters(),
  },
  {
    name: 'diskIoCounters perdisk',
    method: 'diskIoCounters',
    api: (ps) => ps.diskIoCounters({ perdisk: true }),
    bare: (b) => b.diskIoCounters(),
  },
  // This machine has no sensors: these measure the walk of an empty /sys/class.
  {
    name: 'sensorsTemperatures',
    method: 'sensorsTemperatures',
    api: (ps) => ps.sensorsTemperatures(),
    bare: (b) => b.sensorsTemperatures(),
  },
  { name: 'sensorsFans', method: 'sensorsFans', api: (ps) => ps.sensorsFans(), bare: (b) => b.sensorsFans() },
  {
    name: 'sensorsBattery',
    method: 'sensorsBattery',
    api: (ps) => ps.sensorsBattery(),
    bare: (b) => b.sensorsBattery(),
  },
  { name: 'netIoCounters', method: 'netIoCounters', api: (ps) => ps.netIoCounters(), bare: (b) => b.netIoCounters() },
  {
    name: 'netIoCounters pernic',
    method: 'netIoCounters',
    api: (ps) => ps.netIoCounters({ pernic: true }),
    bare: (b) => b.netIoCounters(),
  },
  { name: 'netIfAddrs', method: 'netIfAddrs', api: (ps) => ps.netIfAddrs(), bare: (b) => b.netIfAddrs() },
  { name: 'netIfStats', method: 'netIfStats', api: (ps) => ps.netIfStats(), bare: (b) => b.netIfStats() },
  // Table masks: bit i = NET_SOCKET_TABLES[i] (tcp, tcp6, udp, udp6, unix); inet = 15, all = 31.
  {
    name: 'netConnections',
    method: 'netConnections',
    api: (ps) => ps.netConnections(),
    bare: (b) => b.netConnections(15),
  },
  {
    name: 'netConnections all',
    method: 'netConnections',
    api: (ps) => ps.netConnections({ kind: 'all' }),
    bare: (b) => b.netConnections(31),
  },
  {
    name: 'Process.netConnections',
    method: 'netConnections',
    api: async (ps) => (await ps.Process.of()).netConnections(),
    bare: (b) => b.netConnections(15, process.pid),
  },
];
