/** The native backend's network methods: the addon's calls, errors mapped in the one place that does it. */
import { netTableMask } from '../net-types';
import type { HostRoots } from '../roots';
import type { Backend } from '../types';
import type { NativeBinding } from './binding';
import { guarded } from './errors';

type Methods = Pick<Backend, 'netIoCounters' | 'netIfAddrs' | 'netIfStats' | 'netConnections'>;

/** The methods over `binding`; /proc/net and /proc/<pid>/fd are read under `roots.procfs` (getifaddrs and the ioctls ask our network namespace). */
export function createNetMethods(binding: NativeBinding, roots: HostRoots): Methods {
  const { procfs } = roots;
  return {
    netIoCounters: () => guarded(() => binding.netIoCounters(procfs)),
    netIfAddrs: () => guarded(() => binding.netIfAddrs()),
    netIfStats: () => guarded(() => binding.netIfStats(procfs)),
    netConnections: (kind, pid) =>
      guarded(() => binding.netConnections(netTableMask(kind), pid, procfs), pid ?? undefined),
  };
}
