/**
 * Parser for /proc/<pid>/status: `Key:\tvalue` lines. The kernel escapes
 * tabs and newlines in the `Name:` line, so a process name cannot forge a
 * line; each key is still read from the first line that starts with it.
 */
import { ParseError } from '../../../../api/errors';
import type { ProcessCtxSwitches, ProcessIds } from '../../../../api/process-types';
import { parseUnsignedInteger, splitFields } from '../../parse-helpers';

/** The status lines by key (first occurrence wins). */
export type ProcPidStatus = ReadonlyMap<string, string>;

/** Indexes `lines` of a status file by key. */
export function parseProcPidStatus(lines: readonly string[]): ProcPidStatus {
  const byKey = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    if (!byKey.has(key)) byKey.set(key, line.slice(colon + 1));
  }
  return byKey;
}

function value(status: ProcPidStatus, key: string, source: string): string {
  const found = status.get(key);
  if (found === undefined) throw new ParseError(source, `no '${key}:' line`);
  return found;
}

/** `Tgid:`: the pid of the thread group (equal to the pid for a process, not for a thread). */
export function statusTgid(status: ProcPidStatus, source: string): number {
  return parseUnsignedInteger(value(status, 'Tgid', source).trim(), source, 'Tgid');
}

/** `Uid:` or `Gid:`: real, effective, saved (the fourth, filesystem id, is not reported). */
export function statusIds(status: ProcPidStatus, key: 'Uid' | 'Gid', source: string): ProcessIds {
  const [real, effective, saved] = splitFields(value(status, key, source));
  return {
    real: parseUnsignedInteger(real, source, `${key} real`),
    effective: parseUnsignedInteger(effective, source, `${key} effective`),
    saved: parseUnsignedInteger(saved, source, `${key} saved`),
  };
}

/** `voluntary_ctxt_switches:` and `nonvoluntary_ctxt_switches:` (Linux 2.6.23+). */
export function statusCtxSwitches(status: ProcPidStatus, source: string): ProcessCtxSwitches {
  const number = (key: string) => parseUnsignedInteger(value(status, key, source).trim(), source, key);
  return { voluntary: number('voluntary_ctxt_switches'), involuntary: number('nonvoluntary_ctxt_switches') };
}

/**
 * A kernel CPU list such as `0-3,8,10-11` (`Cpus_allowed_list:`,
 * /sys/devices/system/cpu/online), ascending and without duplicates.
 */
export function parseCpuList(text: string, source: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const cpus = new Set<number>();
  for (const part of trimmed.split(',')) {
    const [first, last, extra] = part.split('-');
    if (extra !== undefined) throw new ParseError(source, `bad CPU range '${part}'`);
    const from = parseUnsignedInteger(first, source, 'CPU number');
    const to = last === undefined ? from : parseUnsignedInteger(last, source, 'CPU number');
    if (to < from) throw new ParseError(source, `bad CPU range '${part}'`);
    for (let cpu = from; cpu <= to; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/**
 * The CPUs sched_getaffinity(2) reports: the task's mask (`Cpus_allowed_list:`,
 * which shows `cpus_mask`) restricted to the online CPUs, as the kernel
 * restricts it to the active ones.
 */
export function statusCpuAffinity(status: ProcPidStatus, online: readonly number[], source: string): number[] {
  const allowed = parseCpuList(value(status, 'Cpus_allowed_list', source), source);
  const up = new Set(online);
  return allowed.filter((cpu) => up.has(cpu));
}
