/** Settings and lifecycle: `configure`, `backendInfo`, `close`. */
import { checkRoot, setRoots } from '../backends/roots';
import { selectBackend, setBackendChoice } from '../backends/select';
import { closePool, setMaxThreads } from '../workers/pool';
import type { BackendInfo, ConfigureOptions } from './types';
import { integerIn, oneOf, readOptions } from './validate';

/** Changes settings at any time; later calls use them. */
export function configure(options: ConfigureOptions): void {
  const { backend, maxThreads, procfsPath, sysfsPath } = readOptions('configure', options, {
    backend: oneOf('auto', 'native', 'exec'),
    maxThreads: integerIn(1, 1024),
    procfsPath: checkRoot,
    sysfsPath: checkRoot,
  });
  if (backend !== undefined) setBackendChoice(backend);
  if (maxThreads !== undefined) setMaxThreads(maxThreads);
  if (procfsPath !== undefined || sysfsPath !== undefined) setRoots({ procfs: procfsPath, sysfs: sysfsPath });
}

/**
 * Which backend serves the calls, selecting it now if no call has yet
 * (loading the addon). Throws `BackendUnavailable` when a forced backend
 * cannot load.
 */
export function backendInfo(): BackendInfo {
  return { ...selectBackend().info };
}

/** Ends the worker pool (running jobs finish first). Later calls start a new one. */
export async function close(): Promise<void> {
  await closePool();
}
