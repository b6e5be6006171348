/** The native backend on Linux: the addon's calls, reshaped into the raw types. */
import { ParseError } from '../../api/errors';
import { PROCESS_ATTRS, type ProcessAttr } from '../process-types';
import { DEFAULT_ROOTS, type HostRoots } from '../roots';
import type { Backend, RawCpuFreq, RawCpuTimes, RawCpuTimesAll } from '../types';
import { CPU_TIME_FIELDS, type NativeBinding } from './binding';
import { guarded } from './errors';
import { createDiskSensorMethods } from './linux-disk-sensors';
import { createNetMethods } from './linux-net';

function cpuTimesRow(flat: Float64Array, row: number): RawCpuTimes {
  const at = row * CPU_TIME_FIELDS.length;
  return {
    user: flat[at] ?? 0,
    nice: flat[at + 1] ?? 0,
    system: flat[at + 2] ?? 0,
    idle: flat[at + 3] ?? 0,
    iowait: flat[at + 4] ?? 0,
    irq: flat[at + 5] ?? 0,
    softirq: flat[at + 6] ?? 0,
    steal: flat[at + 7] ?? 0,
    guest: flat[at + 8] ?? 0,
    guestNice: flat[at + 9] ?? 0,
  };
}

function toCpuTimesAll(flat: Float64Array): RawCpuTimesAll {
  const rows = flat.length / CPU_TIME_FIELDS.length;
  const perCpu: RawCpuTimes[] = [];
  for (let row = 1; row < rows; row++) perCpu.push(cpuTimesRow(flat, row));
  return { total: cpuTimesRow(flat, 0), perCpu };
}

const nanToNull = (value: number | undefined): number | null =>
  value === undefined || Number.isNaN(value) ? null : value;

function toCpuFreq(flat: Float64Array | null): RawCpuFreq[] | null {
  if (flat === null) return null;
  const result: RawCpuFreq[] = [];
  for (let at = 0; at + 2 < flat.length; at += 3) {
    const current = flat[at];
    // The addon reports an unreadable current frequency as NaN; psutil raises there too.
    if (current === undefined || Number.isNaN(current)) {
      throw new ParseError('/sys/devices/system/cpu/cpufreq', `no readable current frequency for CPU ${at / 3}`);
    }
    result.push({ current, min: nanToNull(flat[at + 1]), max: nanToNull(flat[at + 2]) });
  }
  return result;
}

/** Bit of each attribute in the addon's masks: its index in `PROCESS_ATTRS`. */
const ATTR_BITS: ReadonlyMap<ProcessAttr, number> = new Map(PROCESS_ATTRS.map((attr, i) => [attr, 2 ** i]));

/** The mask the addon takes for `attrs`. */
export function attrMask(attrs: readonly ProcessAttr[]): number {
  let mask = 0;
  for (const attr of attrs) {
    const bit = ATTR_BITS.get(attr);
    if (bit === undefined) throw new TypeError(`unknown process attribute: ${String(attr)}`);
    mask |= bit;
  }
  return mask >>> 0;
}

/**
 * The addon and this file must agree on the bit order; a stale build would
 * not (or would lack the process calls altogether). Checked at the first
 * process call, so that such a build still serves everything else.
 */
function attrOrderChecker(binding: NativeBinding): () => void {
  let checked = false;
  return () => {
    if (checked) return;
    const native: readonly string[] = binding.processAttrs ?? [];
    if (native.length !== PROCESS_ATTRS.length || native.some((name, i) => name !== PROCESS_ATTRS[i])) {
      throw new Error(
        `the native addon's process attributes (${native.join(', ') || 'none'}) do not match PROCESS_ATTRS: rebuild it`,
      );
    }
    checked = true;
  };
}

/**
 * The backend over `binding`; every call that reads /proc or /sys passes
 * `roots` to the addon. The syscall-based calls (rlimit, nice, ionice and
 * affinity setters) and `users` (utmp) are not under a root.
 */
export function createPlatformBackend(binding: NativeBinding, roots: HostRoots = DEFAULT_ROOTS): Backend {
  const { procfs, sysfs } = roots;
  const checkAttrOrder = attrOrderChecker(binding);
  /** Masks for the addon, once its bit order is known to match. */
  const maskFor = (attrs: readonly ProcessAttr[]) => {
    checkAttrOrder();
    return attrMask(attrs);
  };
  return {
    name: 'native',
    cpuCountLogical: () => guarded(() => binding.cpuCountLogical(procfs)),
    cpuCountPhysical: () => guarded(() => binding.cpuCountPhysical(procfs, sysfs)),
    cpuTimes: () => guarded(() => toCpuTimesAll(binding.cpuTimes(procfs))),
    cpuStats: () => guarded(() => ({ ...binding.cpuStats(procfs), syscalls: null })),
    cpuFreq: () => guarded(() => toCpuFreq(binding.cpuFreq(procfs, sysfs))),
    loadAvg: () =>
      guarded(() => {
        const [one = 0, five = 0, fifteen = 0] = binding.loadAvg(procfs);
        return [one, five, fifteen];
      }),
    virtualMemory: () => guarded(() => binding.virtualMemory(procfs)),
    swapMemory: () => guarded(() => binding.swapMemory(procfs)),
    bootTime: () => guarded(() => binding.bootTime(procfs)),
    users: () => guarded(() => binding.users()),
    pids: () => guarded(() => binding.pids(procfs)),
    pidExists: (pid) => guarded(() => binding.pidExists(pid, procfs), pid),
    processRead: (pid, attrs) => guarded(() => binding.processRead(pid, maskFor(attrs), procfs), pid),
    processScan: (attrs) => guarded(() => binding.processScan(maskFor(attrs), procfs)),
    processRlimit: (pid, resource, limits) =>
      guarded(() => {
        const [soft, hard] =
          limits === undefined
            ? binding.processRlimit(pid, resource)
            : binding.processRlimit(pid, resource, limits[0], limits[1]);
        return [soft, hard];
      }, pid),
    processSetNice: (pid, value) => guarded(() => binding.processSetNice(pid, value), pid),
    processSetIonice: (pid, ioclass, value) => guarded(() => binding.processSetIonice(pid, ioclass, value), pid),
    processSetCpuAffinity: (pid, cpus) => guarded(() => binding.processSetCpuAffinity(pid, cpus), pid),
    ...createDiskSensorMethods(binding, roots),
    ...createNetMethods(binding, roots),
  };
}
