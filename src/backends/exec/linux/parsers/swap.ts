/**
 * Parser for `cat /proc/meminfo /proc/vmstat`: the two files concatenated,
 * which give every swap figure in one spawn.
 */
import { ParseError } from '../../../../api/errors';
import type { RawSwapMemory } from '../../../types';
import { parseMeminfo, requireField } from './meminfo';
import { parseVmstat, swapPageCounts } from './vmstat';

/** Default source named in errors. */
export const SWAP_SOURCE = 'cat /proc/meminfo /proc/vmstat';

/** Every meminfo line's name ends with `:`; no vmstat line's does. */
const isMeminfoLine = (line: string): boolean => /^[^\s:]+:/.test(line);

/** Splits the concatenated output where the first line without a `Name:` prefix starts. */
export function splitMeminfoAndVmstat(text: string, source = SWAP_SOURCE): { meminfo: string; vmstat: string } {
  const lines = text.split('\n');
  const boundary = lines.findIndex((line) => line.trim() !== '' && !isMeminfoLine(line));
  if (boundary <= 0) throw new ParseError(source, 'expected /proc/meminfo lines followed by /proc/vmstat lines');
  return { meminfo: lines.slice(0, boundary).join('\n'), vmstat: lines.slice(boundary).join('\n') };
}

/** SwapTotal/SwapFree (bytes) and pswpin/pswpout × `pageSize` (bytes since boot). */
export function parseSwapMemory(text: string, pageSize: number, source = SWAP_SOURCE): RawSwapMemory {
  const parts = splitMeminfoAndVmstat(text, source);
  const meminfo = parseMeminfo(parts.meminfo, source);
  const { pagesIn, pagesOut } = swapPageCounts(parseVmstat(parts.vmstat, source), source);
  return {
    total: requireField(meminfo, 'SwapTotal', source),
    free: requireField(meminfo, 'SwapFree', source),
    sin: pagesIn * pageSize,
    sout: pagesOut * pageSize,
  };
}
