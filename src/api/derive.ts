/**
 * Arithmetic on raw backend values, done once here so both backends agree:
 * percentages, `used`, and CPU-percent deltas, with psutil's formulas.
 */
import { CPU_TIME_FIELDS, type RawCpuTimes, type RawSwapMemory, type RawVirtualMemory } from '../backends/types';
import type { CpuTimes, SwapMemory, VirtualMemory } from './types';

/** `part / whole × 100` rounded to one decimal as psutil does; 0 when `whole` is 0. */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.round((part / whole) * 1000) / 10;
}

export function deriveVirtualMemory(raw: RawVirtualMemory): VirtualMemory {
  const used = raw.total - raw.available;
  return {
    total: raw.total,
    available: raw.available,
    percent: percentOf(used, raw.total),
    used,
    free: raw.free,
    active: raw.active,
    inactive: raw.inactive,
    buffers: raw.buffers,
    cached: raw.cached,
    shared: raw.shared,
    slab: raw.slab,
  };
}

export function deriveSwapMemory(raw: RawSwapMemory): SwapMemory {
  const used = raw.total - raw.free;
  return { total: raw.total, used, free: raw.free, percent: percentOf(used, raw.total), sin: raw.sin, sout: raw.sout };
}

const CPU_FIELDS = CPU_TIME_FIELDS;

/** Per-field growth between two samples; a counter that went backwards (CPU hot-plug, wrap) counts as 0. */
function deltas(before: RawCpuTimes, after: RawCpuTimes): CpuTimes {
  const result = {} as CpuTimes;
  for (const field of CPU_FIELDS) result[field] = Math.max(0, after[field] - before[field]);
  return result;
}

/** All elapsed CPU time. Guest time is already counted in user and nice, so it is left out. */
function totalTime(t: CpuTimes): number {
  let sum = 0;
  for (const field of CPU_FIELDS) sum += t[field];
  return sum - t.guest - t.guestNice;
}

/** Share of the time between two samples the CPU was busy (neither idle nor waiting for I/O), percent 0–100. */
export function busyPercent(before: RawCpuTimes, after: RawCpuTimes): number {
  const delta = deltas(before, after);
  const all = totalTime(delta);
  const busy = all - delta.idle - delta.iowait;
  return Math.min(100, Math.max(0, percentOf(busy, all)));
}

/** Each mode's share of the time between two samples, percent 0–100. */
export function timesPercent(before: RawCpuTimes, after: RawCpuTimes): CpuTimes {
  const delta = deltas(before, after);
  const all = totalTime(delta);
  const result = {} as CpuTimes;
  for (const field of CPU_FIELDS) result[field] = Math.min(100, Math.max(0, percentOf(delta[field], all)));
  return result;
}
