/** CPU functions: psutil's `cpu_*` and `getloadavg`. */
import type { RawCpuTimes, RawCpuTimesAll } from '../backends/types';
import { call } from '../workers/dispatch';
import { busyPercent, timesPercent } from './derive';
import { AbortError, TimeoutExpired } from './errors';
import type { CallOptions, CpuFreq, CpuStats, CpuTimes, CpuTimesPercent } from './types';
import { boolean, callOptionChecks, nonNegativeNumber, readOptions } from './validate';

/**
 * Number of CPUs: logical CPUs online (default), or physical cores with
 * `logical: false` (distinct cores, hyper-threads not counted). `null` when
 * the OS cannot tell.
 */
export async function cpuCount(options?: { logical?: boolean } & CallOptions): Promise<number | null> {
  const { logical = true, ...rest } = readOptions('cpuCount', options, { logical: boolean, ...callOptionChecks });
  return logical ? call('cpuCountLogical', [], rest) : call('cpuCountPhysical', [], rest);
}

/** Time the CPUs spent in each mode since boot, in seconds: the machine total, or one entry per CPU with `percpu`. */
export function cpuTimes(options?: { percpu?: false } & CallOptions): Promise<CpuTimes>;
export function cpuTimes(options: { percpu: true } & CallOptions): Promise<CpuTimes[]>;
export function cpuTimes(options?: { percpu?: boolean } & CallOptions): Promise<CpuTimes | CpuTimes[]>;
export async function cpuTimes(options?: { percpu?: boolean } & CallOptions): Promise<CpuTimes | CpuTimes[]> {
  const { percpu = false, ...rest } = readOptions('cpuTimes', options, { percpu: boolean, ...callOptionChecks });
  const all = await call('cpuTimes', [], rest);
  return percpu ? all.perCpu : all.total;
}

/**
 * Waits on a timer (the loop stays free). Rejects with `AbortError` when
 * `signal` fires and with `TimeoutExpired` when the call's deadline (epoch ms)
 * comes first.
 */
function sleep(seconds: number, signal: AbortSignal | undefined, deadline: number | undefined, timeout = 0) {
  return new Promise<void>((resolve, reject) => {
    const wake = Date.now() + seconds * 1000;
    const expires = deadline !== undefined && deadline < wake;
    const timer = setTimeout(done, Math.max(0, (expires ? deadline : wake) - Date.now()));
    function done() {
      signal?.removeEventListener('abort', aborted);
      if (expires) reject(new TimeoutExpired(timeout / 1000, null, null, `call timed out after ${timeout} ms`));
      else resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(new AbortError(undefined, { cause: signal?.reason }));
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/**
 * Two samples to compare: with `interval` > 0, one now and one `interval`
 * seconds later (waiting on a timer, never blocking the loop); with 0, the
 * previous call's sample (`baseline`) and one now. The first call with 0
 * compares a sample with itself, hence psutil's documented 0.
 */
async function samplePair(
  interval: number,
  baseline: RawCpuTimesAll | null,
  options: CallOptions,
): Promise<[RawCpuTimesAll, RawCpuTimesAll]> {
  if (interval > 0) {
    // `timeout` bounds the whole call, the interval included.
    const deadline = options.timeout === undefined ? undefined : Date.now() + options.timeout;
    const before = await call('cpuTimes', [], options);
    await sleep(interval, options.signal, deadline, options.timeout);
    const left = deadline === undefined ? undefined : Math.max(1, deadline - Date.now());
    return [before, await call('cpuTimes', [], { ...options, timeout: left })];
  }
  const now = await call('cpuTimes', [], options);
  return [baseline ?? now, now];
}

function perCpu<T>(before: RawCpuTimesAll, after: RawCpuTimesAll, compute: (b: RawCpuTimes, a: RawCpuTimes) => T): T[] {
  // A CPU that came online between the samples is compared with itself (0%).
  return after.perCpu.map((now, cpu) => compute(before.perCpu[cpu] ?? now, now));
}

const percentChecks = { interval: nonNegativeNumber, percpu: boolean, ...callOptionChecks };

// psutil keeps one baseline per function so that the two do not disturb each other.
let lastForCpuPercent: RawCpuTimesAll | null = null;
let lastForTimesPercent: RawCpuTimesAll | null = null;

/**
 * System-wide CPU utilization, percent 0–100 (busy = neither idle nor waiting
 * for I/O): over `interval` seconds, or since the previous call when
 * `interval` is 0 (the default; the first such call returns 0).
 */
export function cpuPercent(options?: { interval?: number; percpu?: false } & CallOptions): Promise<number>;
export function cpuPercent(options: { interval?: number; percpu: true } & CallOptions): Promise<number[]>;
export function cpuPercent(options?: { interval?: number; percpu?: boolean } & CallOptions): Promise<number | number[]>;
export async function cpuPercent(
  options?: { interval?: number; percpu?: boolean } & CallOptions,
): Promise<number | number[]> {
  const { interval = 0, percpu = false, ...rest } = readOptions('cpuPercent', options, percentChecks);
  const [before, after] = await samplePair(interval, lastForCpuPercent, rest);
  lastForCpuPercent = after;
  return percpu ? perCpu(before, after, busyPercent) : busyPercent(before.total, after.total);
}

/** Like {@link cpuPercent}, for each CPU mode: the share of elapsed time spent in it, percent 0–100. */
export function cpuTimesPercent(
  options?: { interval?: number; percpu?: false } & CallOptions,
): Promise<CpuTimesPercent>;
export function cpuTimesPercent(options: { interval?: number; percpu: true } & CallOptions): Promise<CpuTimesPercent[]>;
export function cpuTimesPercent(
  options?: { interval?: number; percpu?: boolean } & CallOptions,
): Promise<CpuTimesPercent | CpuTimesPercent[]>;
export async function cpuTimesPercent(
  options?: { interval?: number; percpu?: boolean } & CallOptions,
): Promise<CpuTimesPercent | CpuTimesPercent[]> {
  const { interval = 0, percpu = false, ...rest } = readOptions('cpuTimesPercent', options, percentChecks);
  const [before, after] = await samplePair(interval, lastForTimesPercent, rest);
  lastForTimesPercent = after;
  return percpu ? perCpu(before, after, timesPercent) : timesPercent(before.total, after.total);
}

/** Cumulative counts of context switches, interrupts, soft interrupts and syscalls since boot. */
export async function cpuStats(options?: CallOptions): Promise<CpuStats> {
  return call('cpuStats', [], readOptions('cpuStats', options, callOptionChecks));
}

function average(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function averageOrNull(values: (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : average(values as number[]);
}

/**
 * CPU frequency in MHz: the average over CPUs (as psutil), or one entry per
 * CPU with `percpu`. `null` where the machine does not expose frequencies.
 */
export function cpuFreq(options?: { percpu?: false } & CallOptions): Promise<CpuFreq | null>;
export function cpuFreq(options: { percpu: true } & CallOptions): Promise<CpuFreq[] | null>;
export function cpuFreq(options?: { percpu?: boolean } & CallOptions): Promise<CpuFreq | CpuFreq[] | null>;
export async function cpuFreq(options?: { percpu?: boolean } & CallOptions): Promise<CpuFreq | CpuFreq[] | null> {
  const { percpu = false, ...rest } = readOptions('cpuFreq', options, { percpu: boolean, ...callOptionChecks });
  const all = await call('cpuFreq', [], rest);
  if (all === null || all.length === 0) return null;
  if (percpu) return all;
  return {
    current: average(all.map((f) => f.current)),
    min: averageOrNull(all.map((f) => f.min)),
    max: averageOrNull(all.map((f) => f.max)),
  };
}

/** Average number of runnable (and, on Linux, uninterruptible) processes over the last 1, 5 and 15 minutes. */
export async function getLoadAvg(options?: CallOptions): Promise<[number, number, number]> {
  return call('loadAvg', [], readOptions('getLoadAvg', options, callOptionChecks));
}
