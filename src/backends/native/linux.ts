/** The native backend on Linux: the addon's calls, reshaped into the raw types. */
import { ParseError } from '../../api/errors';
import type { Backend, RawCpuFreq, RawCpuTimes, RawCpuTimesAll } from '../types';
import { CPU_TIME_FIELDS, type NativeBinding } from './binding';
import { fromNativeError } from './errors';

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

/** Runs an addon call, mapping its OS errors in the one place that does it. */
function guarded<T>(call: () => T, pid?: number): T {
  try {
    return call();
  } catch (error) {
    throw fromNativeError(error, pid);
  }
}

export function createPlatformBackend(binding: NativeBinding): Backend {
  return {
    name: 'native',
    cpuCountLogical: () => guarded(() => binding.cpuCountLogical()),
    cpuCountPhysical: () => guarded(() => binding.cpuCountPhysical()),
    cpuTimes: () => guarded(() => toCpuTimesAll(binding.cpuTimes())),
    cpuStats: () => guarded(() => ({ ...binding.cpuStats(), syscalls: null })),
    cpuFreq: () => guarded(() => toCpuFreq(binding.cpuFreq())),
    loadAvg: () =>
      guarded(() => {
        const [one = 0, five = 0, fifteen = 0] = binding.loadAvg();
        return [one, five, fifteen];
      }),
    virtualMemory: () => guarded(() => binding.virtualMemory()),
    swapMemory: () => guarded(() => binding.swapMemory()),
    bootTime: () => guarded(() => binding.bootTime()),
    users: () => guarded(() => binding.users()),
    pids: () => guarded(() => binding.pids()),
    pidExists: (pid) => guarded(() => binding.pidExists(pid), pid),
  };
}
