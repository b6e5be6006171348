/**
 * CPU counts under a relocated procfs/sysfs root, where `lscpu` and `getconf`
 * (which describe the machine they run on) do not apply: the same files the
 * native collectors read (`native/linux/cpu.cc`).
 */
import { ParseError } from '../../../../api/errors';
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
