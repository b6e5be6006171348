/** Parser for /proc/vmstat (`cat /proc/vmstat`): `name value` lines. */
import { ParseError } from '../../../../api/errors';
import { nonBlankLines, parseUnsignedInteger, splitFields } from '../../parse-helpers';

/** Default source named in errors. */
export const VMSTAT_SOURCE = 'cat /proc/vmstat';

/** Every /proc/vmstat counter by name, as printed (pages or events). */
export type Vmstat = ReadonlyMap<string, number>;

function parseVmstatLine(line: string, source: string): [string, number] {
  const fields = splitFields(line);
  const [name, value] = fields;
  if (fields.length !== 2 || name === undefined || !/^[A-Za-z0-9_]+$/.test(name)) {
    throw new ParseError(source, `unexpected line '${line}'`);
  }
  return [name, parseUnsignedInteger(value, source, name)];
}

/** Parses every line of /proc/vmstat. */
export function parseVmstat(text: string, source = VMSTAT_SOURCE): Vmstat {
  return new Map(nonBlankLines(text, source).map((line) => parseVmstatLine(line, source)));
}

/** Pages swapped in and out since boot (`pswpin`, `pswpout`; present even without swap). */
export function swapPageCounts(vmstat: Vmstat, source = VMSTAT_SOURCE): { pagesIn: number; pagesOut: number } {
  const pagesIn = vmstat.get('pswpin');
  const pagesOut = vmstat.get('pswpout');
  if (pagesIn === undefined || pagesOut === undefined) {
    throw new ParseError(source, 'no pswpin/pswpout lines');
  }
  return { pagesIn, pagesOut };
}
