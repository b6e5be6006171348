/**
 * psnode: psutil's system and process monitoring for Node.js.
 *
 * Nothing runs at import: the backend is chosen, the addon loaded and the
 * worker pool started on the first call.
 */
export { backendInfo, close, configure } from './api/config';
export { cpuCount, cpuFreq, cpuPercent, cpuStats, cpuTimes, cpuTimesPercent, getLoadAvg } from './api/cpu';
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
export { bootTime, pidExists, pids, users } from './api/system';
export type * from './api/types';
