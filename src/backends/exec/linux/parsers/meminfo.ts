/**
 * Parser for /proc/meminfo (`cat /proc/meminfo`) and the psutil mapping of
 * its fields to {@link RawVirtualMemory}.
 */
import { ParseError } from '../../../../api/errors';
import type { RawVirtualMemory } from '../../../types';
import { nonBlankLines, parseUnsignedInteger } from '../../parse-helpers';

/** Default source named in errors. */
export const MEMINFO_SOURCE = 'cat /proc/meminfo';

/** `Name:   value` or `Name:   value kB`; names may hold parentheses, e.g. `Active(anon)`. */
const MEMINFO_LINE = /^([^\s:]+):\s+(\S+)(?:\s+(\S+))?$/;
const KIBIBYTE = 1024;

/** Every /proc/meminfo field, in bytes (`kB` values × 1024; unitless counts such as `HugePages_Total` as printed). */
export type Meminfo = ReadonlyMap<string, number>;

function parseMeminfoLine(line: string, source: string): [string, number] {
  const match = MEMINFO_LINE.exec(line);
  if (match === null) throw new ParseError(source, `unexpected line '${line}'`);
  const [, name = '', token, unit] = match;
  const value = parseUnsignedInteger(token, source, name);
  if (unit === undefined) return [name, value];
  if (unit !== 'kB') throw new ParseError(source, `${name}: unknown unit '${unit}'`);
  return [name, value * KIBIBYTE];
}

/** Parses every line of /proc/meminfo; `MemTotal` must be present. */
export function parseMeminfo(text: string, source = MEMINFO_SOURCE): Meminfo {
  const fields = new Map(nonBlankLines(text, source).map((line) => parseMeminfoLine(line, source)));
  if (!fields.has('MemTotal')) throw new ParseError(source, 'no MemTotal line');
  return fields;
}

/** A field that must be present. */
export function requireField(meminfo: Meminfo, name: string, source = MEMINFO_SOURCE): number {
  const value = meminfo.get(name);
  if (value === undefined) throw new ParseError(source, `no ${name} line`);
  return value;
}

/**
 * Maps /proc/meminfo as psutil does: `cached` = Cached + SReclaimable (as
 * `free` counts it; SReclaimable exists since 2.6.19, absent counts 0);
 * `shared` = Shmem (MemShared before 2.6.32); `available` = MemAvailable, or
 * on kernels before 3.14, which lack it, free + cached + buffers; an
 * `available` above `total` (some containers mix host and container figures)
 * falls back to `free`, as psutil does. Every other field is required: a
 * kernel that does not report it is an error, not a silent 0. The native
 * backend applies the same rules (`native/linux/mem.cc`).
 */
export function toVirtualMemory(meminfo: Meminfo, source = MEMINFO_SOURCE): RawVirtualMemory {
  const field = (name: string): number => requireField(meminfo, name, source);
  const total = field('MemTotal');
  const free = field('MemFree');
  const buffers = field('Buffers');
  const cached = field('Cached') + (meminfo.get('SReclaimable') ?? 0);
  const available = meminfo.get('MemAvailable') ?? free + cached + buffers;
  return {
    total,
    available: available > total ? free : available,
    free,
    active: field('Active'),
    inactive: field('Inactive'),
    buffers,
    cached,
    shared: meminfo.get('Shmem') ?? field('MemShared'),
    slab: field('Slab'),
  };
}

/** Parses /proc/meminfo straight to {@link RawVirtualMemory}. */
export function parseVirtualMemory(text: string, source = MEMINFO_SOURCE): RawVirtualMemory {
  return toVirtualMemory(parseMeminfo(text, source), source);
}
