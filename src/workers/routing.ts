/**
 * Where each native call runs: `inline` on the caller's thread, or `pool`.
 * A hop through the pool costs tens to hundreds of microseconds; a call that
 * is cheaper than that and cannot block (a /proc read never waits on a disk
 * or the network) runs inline. A call whose cost grows with the machine (the
 * number of processes or CPUs) goes to the pool, where a big machine cannot
 * turn it into a stall of the caller's loop. Exec calls always go to the
 * pool: a fork blocks the calling loop for milliseconds.
 *
 * Figures (`npm run bench`, `bench/results/latest.md`; 2-core shared VM,
 * Node 20, medians of one run): the bare pool hop is 56 µs (218 µs in a
 * busier run); the inline reads below cost 3–28 µs as bare addon calls, and
 * their `await` through the API adds 1–2 µs. `pids()` is 30 µs with 70
 * processes but 2.2 ms with 930 (~2 µs per process); `cpuFreq()` reads three
 * sysfs files per CPU (40 µs with 2 CPUs, 170 µs under load) and
 * `cpuCountPhysical()` one per CPU (29 µs): pool.
 */
import type { BackendMethod } from '../backends/types';

export type Route = 'inline' | 'pool';

export const NATIVE_ROUTES: Readonly<Record<BackendMethod, Route>> = {
  cpuTimes: 'inline', // one /proc/stat read: 11 µs
  cpuStats: 'inline', // one /proc/stat read: 12 µs
  loadAvg: 'inline', // one /proc/loadavg read: 12 µs
  virtualMemory: 'inline', // one /proc/meminfo read: 19 µs
  swapMemory: 'inline', // /proc/meminfo + /proc/vmstat: 28 µs
  bootTime: 'inline', // one /proc/stat read: 14 µs
  cpuCountLogical: 'inline', // sysconf: 8 µs
  users: 'inline', // one small utmp read (tmpfs): 3 µs
  pidExists: 'inline', // kill(0) + /proc/<pid>/status: 12 µs
  cpuCountPhysical: 'pool', // one sysfs file per CPU
  cpuFreq: 'pool', // three sysfs files per CPU
  pids: 'pool', // grows with the process count: 2.2 ms at 930 processes
  processRead: 'pool', // from one stat read (~10 µs) to a whole smaps walk (ms)
  processScan: 'pool', // every process: milliseconds
  processRlimit: 'pool',
  processSetNice: 'pool',
  processSetIonice: 'pool',
  processSetCpuAffinity: 'pool',
  diskIoCounters: 'inline', // /proc/diskstats + the /sys/block listing: 27 µs (10 lines); never waits on a disk
  // statvfs and the mount table can block for ever in the kernel on a dead
  // network mount: always the pool, where `timeout` can give up on them.
  diskUsage: 'pool',
  diskPartitions: 'pool',
  // hwmon, thermal zone and battery reads can run ACPI methods or query a
  // drive (drivetemp): milliseconds.
  sensorsTemperatures: 'pool',
  sensorsFans: 'pool',
  sensorsBattery: 'pool',
  netIoCounters: 'inline', // one /proc/net/dev read: 21–42 µs bare with 4 NICs, cheaper than a hop, never waits
  // getifaddrs is two netlink dumps (82 µs bare here) and grows with the
  // addresses; the ethtool ioctl can sleep in a NIC driver (psutil releases
  // the GIL for it); connections read every /proc/<pid>/fd (5 ms here).
  netIfAddrs: 'pool',
  netIfStats: 'pool',
  netConnections: 'pool',
};
