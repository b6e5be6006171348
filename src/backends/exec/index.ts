/**
 * The exec backend: the fallback when the native addon cannot load. Every
 * value comes from standard tools run through one {@link CommandRunner}. The
 * platform module is chosen once, here, when this module loads.
 */
import { NotSupported } from '../../api/errors';
import { DEFAULT_ROOTS, type HostRoots } from '../roots';
import type { Backend } from '../types';
import { createLinuxExecBackend } from './linux';
import { type CommandRunner, createExecFileRunner } from './runner';

type PlatformFactory = (run: CommandRunner, roots: HostRoots) => Backend;

/** The platform module for this OS, or `null` where the exec backend has none yet. */
const createPlatformBackend: PlatformFactory | null = process.platform === 'linux' ? createLinuxExecBackend : null;

/**
 * Creates the exec backend for this OS over `run` (default: the real
 * `execFile` runner), reading under `roots`. Throws `NotSupported` on an OS
 * without an exec module.
 */
export function createExecBackend(
  run: CommandRunner = createExecFileRunner(),
  roots: HostRoots = DEFAULT_ROOTS,
): Backend {
  if (createPlatformBackend === null) {
    throw new NotSupported('the exec backend', `no exec module for ${process.platform} yet (Linux only)`);
  }
  return createPlatformBackend(run, roots);
}

export type { CommandResult, CommandRunner, RunOptions } from './runner';
