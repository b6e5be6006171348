/**
 * Creates a backend by name, once per thread and set of roots (see `roots.ts`);
 * a backend that cannot load is a `BackendUnavailable`.
 */
import { BackendUnavailable } from '../api/errors';
import { createExecBackend } from './exec';
import { createNativeBackend } from './native';
import { DEFAULT_ROOTS, type HostRoots, rootsKey } from './roots';
import type { Backend, BackendName } from './types';

const instances = new Map<string, Backend>();

function create(name: BackendName, roots: HostRoots): Backend {
  try {
    return name === 'native' ? createNativeBackend(roots) : createExecBackend(undefined, roots);
  } catch (error) {
    throw new BackendUnavailable(name, error instanceof Error ? error.message : String(error));
  }
}

export function getBackend(name: BackendName, roots: HostRoots = DEFAULT_ROOTS): Backend {
  const key = `${name}\0${rootsKey(roots)}`;
  const existing = instances.get(key);
  if (existing) return existing;
  const backend = create(name, roots);
  instances.set(key, backend);
  return backend;
}
