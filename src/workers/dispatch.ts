/** Runs one backend call where the routing table says: inline on this thread, or in the pool. */
import { AbortError } from '../api/errors';
import type { CallOptions } from '../api/types';
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
  if (native !== null && NATIVE_ROUTES[method] === 'inline') {
    if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
    const fn = native[method] as (...a: Parameters<Backend[M]>) => Result<M>;
    return fn(...args);
  }
  return (await runJob({ kind: 'call', backend: info.name, method, args }, options)) as Result<M>;
}
