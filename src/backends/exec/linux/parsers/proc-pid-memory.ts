/**
 * Parsers for a process's memory files: /proc/<pid>/statm (pages),
 * smaps_rollup and smaps (kB). Results are bytes, as psutil computes them.
 */
import { ParseError } from '../../../../api/errors';
import type { ProcessMemoryInfoEx, ProcessMemoryMapEx } from '../../../../api/process-types';
import { parseUnsignedInteger, splitFields } from '../../parse-helpers';

/** statm's seven columns × `pageSize`: size (vms), resident (rss), shared, text, lib, data, dt (dirty). */
export function parseStatm(lines: readonly string[], pageSize: number, source: string): ProcessMemoryInfoEx {
  const fields = splitFields(lines[0] ?? '');
  if (fields.length < 7) throw new ParseError(source, `expected 7 columns, got ${fields.length}`);
  const pages = (index: number, what: string) => parseUnsignedInteger(fields[index], source, what) * pageSize;
  return {
    rss: pages(1, 'resident'),
    vms: pages(0, 'size'),
    shared: pages(2, 'shared'),
    text: pages(3, 'text'),
    lib: pages(4, 'lib'),
    data: pages(5, 'data'),
    dirty: pages(6, 'dt'),
  };
}

/** uss, pss and swap in bytes. */
export interface SmapsTotals {
  uss: number;
  pss: number;
  swap: number;
}

const KB_LINE = /^([A-Za-z_]+):\s+(\d+) kB$/;

function kbValue(line: string, source: string): number {
  const match = KB_LINE.exec(line);
  if (match === null) throw new ParseError(source, `expected 'Key: N kB', got '${line}'`);
  return parseUnsignedInteger(match[2], source, match[1] as string) * 1024;
}

/**
 * smaps_rollup: uss = every `Private_*` line (Clean, Dirty, Hugetlb), pss =
 * `Pss:`, swap = `Swap:`. An empty file gives zeros, as in psutil.
 */
export function parseSmapsRollup(lines: readonly string[], source: string): SmapsTotals {
  const totals = { uss: 0, pss: 0, swap: 0 };
  for (const line of lines) {
    if (line.startsWith('Private_')) totals.uss += kbValue(line, source);
    else if (line.startsWith('Pss:')) totals.pss = kbValue(line, source);
    else if (line.startsWith('Swap:')) totals.swap = kbValue(line, source);
  }
  return totals;
}

/**
 * The same totals summed over every mapping of smaps: psutil's fallback when
 * smaps_rollup fails with ENOENT/ESRCH (kernel threads; empty smaps gives zeros).
 */
export function parseSmapsTotals(lines: readonly string[], source: string): SmapsTotals {
  const totals = { uss: 0, pss: 0, swap: 0 };
  for (const line of lines) {
    const match = /^Private.*:\s+(\d+)/.exec(line);
    if (match) totals.uss += parseUnsignedInteger(match[1], source, 'Private') * 1024;
    else if (line.startsWith('Pss:')) totals.pss += kbValue(line, source);
    else if (line.startsWith('Swap:')) totals.swap += kbValue(line, source);
  }
  return totals;
}

/** Python's `bytes.split(None, maxsplit)`: ASCII whitespace runs; the last part keeps its inner blanks. */
function splitMax(line: string, maxsplit: number): string[] {
  const parts: string[] = [];
  let rest = line.replace(/^[ \t\n\r\v\f]+/, '');
  while (rest !== '' && parts.length < maxsplit) {
    const match = /[ \t\n\r\v\f]+/.exec(rest);
    if (match === null) break;
    parts.push(rest.slice(0, match.index));
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

/** One mapping of smaps before the `(deleted)` check of its path. */
export type SmapsMapping = ProcessMemoryMapEx;

const MAP_FIELDS = {
  rss: 'Rss',
  size: 'Size',
  pss: 'Pss',
  sharedClean: 'Shared_Clean',
  sharedDirty: 'Shared_Dirty',
  privateClean: 'Private_Clean',
  privateDirty: 'Private_Dirty',
  referenced: 'Referenced',
  anonymous: 'Anonymous',
  swap: 'Swap',
} as const;

/**
 * Every mapping of /proc/<pid>/smaps, in address order, as psutil's
 * `memory_maps(grouped=False)`: a header line (`addr perms offset dev inode
 * [path]`) starts a block of `Key: N kB` lines. A mapping without a path is
 * `[anon]`; a path is trimmed. Keys missing from a block are 0. `VmFlags:` is
 * skipped; any other line that is not `Key: number` is an error. Paths ending
 * in ` (deleted)` are returned as they are (the caller checks them).
 */
export function parseSmaps(lines: readonly string[], source: string): SmapsMapping[] {
  const maps: SmapsMapping[] = [];
  let header: string[] | null = null;
  let values = new Map<string, number>();
  const flush = () => {
    if (header === null) return;
    const [addr = '', perms = '', , , , rawPath = ''] = header;
    const path = rawPath.trim() === '' ? '[anon]' : rawPath.trim();
    const kb = (field: keyof typeof MAP_FIELDS) => values.get(MAP_FIELDS[field]) ?? 0;
    maps.push({
      path,
      rss: kb('rss'),
      size: kb('size'),
      pss: kb('pss'),
      sharedClean: kb('sharedClean'),
      sharedDirty: kb('sharedDirty'),
      privateClean: kb('privateClean'),
      privateDirty: kb('privateDirty'),
      referenced: kb('referenced'),
      anonymous: kb('anonymous'),
      swap: kb('swap'),
      addr,
      perms,
    });
  };
  for (const line of lines) {
    const fields = splitMax(line, 5);
    const first = fields[0];
    if (first === undefined) throw new ParseError(source, 'blank line');
    if (!first.endsWith(':')) {
      flush();
      if (fields.length < 5) throw new ParseError(source, `bad mapping header '${line}'`);
      header = fields;
      values = new Map();
      continue;
    }
    if (header === null) throw new ParseError(source, `'${first}' before any mapping header`);
    const number = fields[1];
    if (number === undefined || !/^\d+$/.test(number)) {
      if (first === 'VmFlags:') continue;
      throw new ParseError(source, `don't know how to interpret line '${line}'`);
    }
    values.set(first.slice(0, -1), parseUnsignedInteger(number, source, first) * 1024);
  }
  flush();
  return maps;
}
