/** Parser for `getconf NAME` of a numeric system variable (CLK_TCK, PAGESIZE). */
import { ParseError } from '../../../../api/errors';
import { nonBlankLines, parseUnsignedInteger } from '../../parse-helpers';

/**
 * The one positive integer `getconf name` prints. getconf prints `undefined`
 * for a variable the system does not define, which is an error here.
 */
export function parseGetconfPositiveInteger(text: string, name: string): number {
  const source = `getconf ${name}`;
  const lines = nonBlankLines(text, source);
  if (lines.length !== 1) throw new ParseError(source, `expected one line, got ${lines.length}`);
  const value = parseUnsignedInteger(lines[0]?.trim(), source, name);
  if (value === 0) throw new ParseError(source, `${name} is 0`);
  return value;
}
