/** Creates a backend by name, once per thread; a backend that cannot load is a `BackendUnavailable`. */
import { BackendUnavailable } from '../api/errors';
import { createExecBackend } from './exec';
import { createNativeBackend } from './native';
import type { Backend, BackendName } from './types';

const instances = new Map<BackendName, Backend>();

function create(name: BackendName): Backend {
  try {
    return name === 'native' ? createNativeBackend() : createExecBackend();
  } catch (error) {
    throw new BackendUnavailable(name, error instanceof Error ? error.message : String(error));
  }
}

export function getBackend(name: BackendName): Backend {
  const existing = instances.get(name);
  if (existing) return existing;
  const backend = create(name);
  instances.set(name, backend);
  return backend;
}
