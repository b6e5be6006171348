/** Host functions: boot time, logged-in users, the process table. */
import { call } from '../workers/dispatch';
import type { CallOptions, User } from './types';
import { callOptionChecks, pidArgument, readOptions } from './validate';

/** When the system booted, epoch seconds. */
export async function bootTime(options?: CallOptions): Promise<number> {
  return call('bootTime', [], readOptions('bootTime', options, callOptionChecks));
}

/** Users logged in on the system, one entry per session (terminal). */
export async function users(options?: CallOptions): Promise<User[]> {
  return call('users', [], readOptions('users', options, callOptionChecks));
}

/** Pids of the running processes, ascending. */
export async function pids(options?: CallOptions): Promise<number[]> {
  return call('pids', [], readOptions('pids', options, callOptionChecks));
}

/** Whether a process with this pid exists. A thread id is not a pid. Pid 0 does not exist on Linux. */
export async function pidExists(pid: number, options?: CallOptions): Promise<boolean> {
  const checked = pidArgument(pid, 'pidExists: pid');
  return call('pidExists', [checked], readOptions('pidExists', options, callOptionChecks));
}
