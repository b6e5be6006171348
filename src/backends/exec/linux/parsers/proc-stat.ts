/**
 * Parsers for /proc/stat (`cat /proc/stat`): CPU time lines, event counters
 * and boot time. Each reads only the lines its caller needs, so a change in
 * an unrelated line cannot break it. Values are clock ticks as the kernel
 * prints them; the caller divides by CLK_TCK.
 */
import { ParseError } from '../../../../api/errors';
import { CPU_TIME_FIELDS } from '../../../types';
import { nonBlankLines, parseUnsignedInteger, splitFields } from '../../parse-helpers';

/** Default source named in errors. */
export const PROC_STAT_SOURCE = 'cat /proc/stat';

/**
 * Columns of a `cpu` line, in kernel order. Old kernels print fewer: 4 before
 * 2.5.41 (iowait), 7 before 2.6.11 (steal), 8 before 2.6.24 (guest), 9 before
 * 2.6.33 (guest_nice); the missing trailing columns are 0.
 */
export const CPU_TICK_COLUMNS = CPU_TIME_FIELDS;

/** Every kernel since 2.4 prints at least user, nice, system and idle. */
const MIN_CPU_COLUMNS = 4;

/** One `cpu` line in ticks, one entry per {@link CPU_TICK_COLUMNS}. */
export type CpuTicks = Record<(typeof CPU_TICK_COLUMNS)[number], number>;

/** The aggregate `cpu` line and every `cpuN` line, in file order (offline CPUs are absent). */
export interface ProcStatCpuTicks {
  total: CpuTicks;
  perCpu: CpuTicks[];
}

/** The counters of `ctxt`, `intr` and `softirq` (the first number of each). */
export interface ProcStatCounters {
  ctxSwitches: number;
  interrupts: number;
  softInterrupts: number;
}

const PER_CPU_LABEL = /^cpu\d+$/;

function parseCpuTicks(fields: readonly string[], source: string): CpuTicks {
  const label = fields[0] ?? '';
  const values = fields.slice(1);
  if (values.length < MIN_CPU_COLUMNS) {
    throw new ParseError(source, `line '${label}' has ${values.length} columns, expected at least ${MIN_CPU_COLUMNS}`);
  }
  // Columns beyond the known ten (a future kernel) are ignored, as psutil does.
  const ticks = {} as CpuTicks;
  CPU_TICK_COLUMNS.forEach((column, index) => {
    const token = values[index];
    ticks[column] = token === undefined ? 0 : parseUnsignedInteger(token, source, `${label} ${column}`);
  });
  return ticks;
}

/** Parses the `cpu` and `cpuN` lines. The aggregate line must come first; at least one `cpuN` line must follow. */
export function parseProcStatCpuTicks(text: string, source = PROC_STAT_SOURCE): ProcStatCpuTicks {
  const cpuLines = nonBlankLines(text, source)
    .map(splitFields)
    .filter((fields) => fields[0]?.startsWith('cpu'));
  const [first, ...rest] = cpuLines;
  if (first === undefined || first[0] !== 'cpu') {
    throw new ParseError(source, "the aggregate 'cpu' line is missing or not first");
  }
  const perCpu = rest.map((fields) => {
    if (!PER_CPU_LABEL.test(fields[0] ?? '')) throw new ParseError(source, `unexpected line label '${fields[0]}'`);
    return parseCpuTicks(fields, source);
  });
  if (perCpu.length === 0) throw new ParseError(source, "no per-CPU 'cpuN' lines");
  return { total: parseCpuTicks(first, source), perCpu };
}

/** The first number after `label` on the line starting with `label`; throws when absent. */
function firstNumberOf(lines: readonly string[][], label: string, source: string): number {
  const fields = lines.find((line) => line[0] === label);
  if (fields === undefined) throw new ParseError(source, `no '${label}' line`);
  return parseUnsignedInteger(fields[1], source, label);
}

/** Parses `ctxt`, `intr` and `softirq` (`softirq` exists since Linux 2.6.31). */
export function parseProcStatCounters(text: string, source = PROC_STAT_SOURCE): ProcStatCounters {
  const lines = nonBlankLines(text, source).map(splitFields);
  return {
    ctxSwitches: firstNumberOf(lines, 'ctxt', source),
    interrupts: firstNumberOf(lines, 'intr', source),
    softInterrupts: firstNumberOf(lines, 'softirq', source),
  };
}

/** Parses `btime`: boot time, epoch seconds. */
export function parseProcStatBootTime(text: string, source = PROC_STAT_SOURCE): number {
  return firstNumberOf(nonBlankLines(text, source).map(splitFields), 'btime', source);
}
