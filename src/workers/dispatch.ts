/** Runs one backend call where the routing table says: inline on this thread, or in the pool. */
import { AbortError } from '../api/errors';
import type { CallOptions } from '../api/types';
import { getBackend } from '../backends';
import { currentRoots, DEFAULT_ROOTS } from '../backends/roots';
import { selectBackend } from '../backends/select';
import type { Backend, BackendMethod } from '../backends/types';
import { runJob } from './pool';
import { NATIVE_ROUTES } from './routing';

type Result<M extends BackendMethod> = Awaited<ReturnType<Backend[M]>>;

export async function call<M extends BackendMethod>(
  method: M,
  args: Parameters<Backend[M]>,
  options: CallOptions = {},
): Promise<Result<M>> {
  const { info, native } = selectBackend();
  const roots = currentRoots();
  if (native !== null && NATIVE_ROUTES[method] === 'inline') {
    if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
    // `native` reads the default roots; other roots get their own instance on this thread.
    const backend = roots === DEFAULT_ROOTS ? native : getBackend('native', roots);
    const fn = backend[method] as (...a: Parameters<Backend[M]>) => Result<M>;
    return fn(...args);
  }
  return (await runJob({ kind: 'call', backend: info.name, roots, method, args }, options)) as Result<M>;
}
