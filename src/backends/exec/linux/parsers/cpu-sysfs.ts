/**
 * CPU counts under a relocated procfs/sysfs root, where `lscpu` and `getconf`
 * (which describe the machine they run on) do not apply: the same files the
 * native collectors read (`native/linux/cpu.cc`).
 */
import { ParseError } from '../../../../api/errors';
import type { RawCpuFreq } from '../../../types';
import { parseUnsignedInteger } from '../../parse-helpers';
import type { SysfsDump } from './sensors-sysfs';

/** `grep -c '^processor[[:space:]]*:' cpuinfo`: the count, or `null` for none (or no file). */
export function parseProcessorCount(stdout: string, source: string): number | null {
  const text = stdout.trim();
  if (text === '') return null;
  const count = parseUnsignedInteger(text, source, 'processor count');
  return count > 0 ? count : null;
}

const TOPOLOGY_FILE = /\/cpu(\d+)\/topology\/(core_cpus_list|thread_siblings_list)$/;

/**
 * psutil's physical core count over a dump of
 * `<sys>/devices/system/cpu/cpuN/topology/{core_cpus_list,thread_siblings_list}`:
 * the number of distinct lists; `thread_siblings_list` (the deprecated name)
 * only when no CPU has `core_cpus_list`. `null` when neither exists.
 */
export function countTopologyCores(dump: SysfsDump): number | null {
  const lists = { core_cpus_list: new Set<string>(), thread_siblings_list: new Set<string>() };
  for (const [path, content] of dump.files) {
    const match = TOPOLOGY_FILE.exec(path);
    if (!match) continue;
    const value = content.trim();
    if (value === '') throw new ParseError(path, 'empty CPU list');
    lists[match[2] as keyof typeof lists].add(value);
  }
  if (lists.core_cpus_list.size > 0) return lists.core_cpus_list.size;
  return lists.thread_siblings_list.size > 0 ? lists.thread_siblings_list.size : null;
}

const FREQ_FILES = ['scaling_cur_freq', 'cpuinfo_cur_freq', 'scaling_min_freq', 'scaling_max_freq'] as const;
const POLICY_FREQ = /\/cpufreq\/policy(\d+)\/(\w+)$/;
const LEGACY_FREQ = /\/cpu(\d+)\/cpufreq\/(\w+)$/;
const ONLINE = /\/cpu(\d+)\/online$/;

/** kHz text → MHz, or NaN when absent or not a number (as the native collector reads it). */
function khzAsMhz(text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text.trim())) return Number.NaN;
  return Number(text.trim()) / 1000;
}

/**
 * psutil's per-CPU frequencies over a dump of `<sys>/devices/system/cpu`:
 * `cpufreq/policyN/*` (newer kernels) or `cpuN/cpufreq/*` (older), the same
 * rules as `native/linux/cpu.cc`: current from scaling_cur_freq, else
 * cpuinfo_cur_freq; an offline CPU (its `online` is 0) gives zeros; min/max
 * `null` when unreadable. `null` when no cpufreq directory has any file.
 */
export function cpuFreqFromSysfs(dump: SysfsDump): RawCpuFreq[] | null {
  const policies = new Map<number, Map<string, string>>();
  const legacy = new Map<number, Map<string, string>>();
  const online = new Map<number, string>();
  for (const [path, content] of dump.files) {
    const add = (into: Map<number, Map<string, string>>, match: RegExpExecArray) => {
      const files = into.get(Number(match[1])) ?? new Map<string, string>();
      files.set(match[2] ?? '', content);
      into.set(Number(match[1]), files);
    };
    const policy = POLICY_FREQ.exec(path);
    if (policy) add(policies, policy);
    const old = LEGACY_FREQ.exec(path);
    if (old) add(legacy, old);
    const on = ONLINE.exec(path);
    if (on) online.set(Number(on[1]), content.trim());
  }
  const chosen = policies.size > 0 ? policies : legacy;
  if (chosen.size === 0) return null;
  return [...chosen.keys()]
    .sort((a, b) => a - b)
    .map((cpu) => {
      const files = chosen.get(cpu) ?? new Map<string, string>();
      let current = khzAsMhz(files.get('scaling_cur_freq'));
      if (Number.isNaN(current)) current = khzAsMhz(files.get('cpuinfo_cur_freq'));
      if (Number.isNaN(current) && online.get(cpu) === '0') return { current: 0, min: 0, max: 0 };
      if (Number.isNaN(current)) throw new ParseError(`cpufreq of CPU ${cpu}`, 'no readable current frequency');
      const min = khzAsMhz(files.get('scaling_min_freq'));
      const max = khzAsMhz(files.get('scaling_max_freq'));
      return { current, min: Number.isNaN(min) ? null : min, max: Number.isNaN(max) ? null : max };
    });
}

/** The names of the cpufreq files {@link cpuFreqFromSysfs} reads, plus `online`. */
export const CPUFREQ_FILE_NAMES: readonly string[] = [...FREQ_FILES, 'online'];

/** `grep -i '^cpu mhz' cpuinfo` output: one entry per CPU with min/max unknown; `null` for none. */
export function cpuFreqFromCpuinfo(stdout: string, source: string): RawCpuFreq[] | null {
  const entries: RawCpuFreq[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const value = line.slice(line.indexOf(':') + 1).trim();
    if (!line.includes(':') || !/^\d+(\.\d+)?$/.test(value)) throw new ParseError(source, `unexpected line '${line}'`);
    entries.push({ current: Number(value), min: null, max: null });
  }
  return entries.length > 0 ? entries : null;
}
