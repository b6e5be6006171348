/** Parser for /proc/loadavg (`cat /proc/loadavg`), e.g. `0.29 0.24 0.10 1/84 3046`. */
import { ParseError } from '../../../../api/errors';
import { nonBlankLines, parseUnsignedDecimal, splitFields } from '../../parse-helpers';

/** Default source named in errors. */
export const LOADAVG_SOURCE = 'cat /proc/loadavg';

/** `running/total` scheduling entities. */
const RUNNABLE_FIELD = /^\d+\/\d+$/;

/** The 1, 5 and 15 minute load averages. The line must have all five kernel fields. */
export function parseLoadAvg(text: string, source = LOADAVG_SOURCE): [number, number, number] {
  const lines = nonBlankLines(text, source);
  const fields = splitFields(lines[0] ?? '');
  if (lines.length !== 1 || fields.length !== 5 || !RUNNABLE_FIELD.test(fields[3] ?? '')) {
    throw new ParseError(source, `expected one line 'avg1 avg5 avg15 running/total lastpid', got '${lines[0]}'`);
  }
  return [
    parseUnsignedDecimal(fields[0], source, '1 minute average'),
    parseUnsignedDecimal(fields[1], source, '5 minute average'),
    parseUnsignedDecimal(fields[2], source, '15 minute average'),
  ];
}
