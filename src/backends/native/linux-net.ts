/** The native backend's network methods: the addon's calls, errors mapped in the one place that does it. */
import { netTableMask } from '../net-types';
import type { Backend } from '../types';
import type { NativeBinding } from './binding';
import { fromNativeError } from './errors';

type Methods = Pick<Backend, 'netIoCounters' | 'netIfAddrs' | 'netIfStats' | 'netConnections'>;

function guarded<T>(call: () => T, pid?: number): T {
  try {
    return call();
  } catch (error) {
    throw fromNativeError(error, pid);
  }
}

export function createNetMethods(binding: NativeBinding): Methods {
  return {
    netIoCounters: () => guarded(() => binding.netIoCounters()),
    netIfAddrs: () => guarded(() => binding.netIfAddrs()),
    netIfStats: () => guarded(() => binding.netIfStats()),
    netConnections: (kind, pid) => guarded(() => binding.netConnections(netTableMask(kind), pid), pid ?? undefined),
  };
}
