/**
 * psnode: psutil's system and process monitoring for Node.js.
 *
 * Nothing runs at import: the backend is chosen, the addon loaded and the
 * worker pool started on the first call.
 */
export { backendInfo, close, configure } from './api/config';
export { cpuCount, cpuFreq, cpuPercent, cpuStats, cpuTimes, cpuTimesPercent, getLoadAvg } from './api/cpu';
export { diskIoCounters, diskPartitions, diskUsage } from './api/disk';
export type * from './api/disk-types';
export {
  AbortError,
  AccessDenied,
  BackendUnavailable,
  CommandFailed,
  ErrorCode,
  NoSuchProcess,
  NotSupported,
  OsError,
  ParseError,
  PsnodeError,
  TimeoutExpired,
  ZombieProcess,
} from './api/errors';
export { swapMemory, virtualMemory } from './api/memory';
export { netConnections, netIfAddrs, netIfStats, netIoCounters } from './api/net';
export type * from './api/net-types';
export { AddressFamily, NET_CONNECTION_KINDS, NicDuplex, SocketKind } from './api/net-types';
export {
  type InfoOptions,
  MEMORY_TYPES,
  type MemoryType,
  PROCESS_INFO_ATTRS,
  Process,
  type ProcessInfo,
  type ProcessInfoAttr,
  processIter,
} from './api/process';
export type * from './api/process-types';
export { IoprioClass, RLIM_INFINITY, Rlimit } from './api/process-types';
export { sensorsBattery, sensorsFans, sensorsTemperatures } from './api/sensors';
export type * from './api/sensors-types';
export { POWER_TIME_UNKNOWN, POWER_TIME_UNLIMITED } from './api/sensors-types';
export { bootTime, pidExists, pids, users } from './api/system';
export type * from './api/types';
export { resetCounterCache } from './api/wrap';
