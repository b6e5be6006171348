/** Parsers for `ps ... -o pid=` output: one right-aligned pid a line, no header. */
import { ParseError } from '../../../../api/errors';
import { nonBlankLines, parseUnsignedInteger } from '../../parse-helpers';

/** Source named in errors for the process list. */
export const PS_PIDS_SOURCE = 'ps -e -o pid=';

/** The pids of `text`, in output order; blank output gives `[]`. */
export function parsePidColumn(text: string, source: string): number[] {
  if (text.trim() === '') return [];
  return nonBlankLines(text, source).map((line) => parseUnsignedInteger(line.trim(), source, 'pid'));
}

/** The pids of `ps -e -o pid=`, which always lists at least `ps` itself: empty output is an error. */
export function parsePidList(text: string, source = PS_PIDS_SOURCE): number[] {
  const pids = parsePidColumn(text, source);
  if (pids.length === 0) throw new ParseError(source, 'the process list is empty');
  return pids;
}

/**
 * Whether `ps -p <pid> -o pid=` listed `pid`: blank output means it did not.
 * Any other pid, or more than one line, is an error.
 */
export function parsePidPresence(text: string, pid: number, source = `ps -p ${pid} -o pid=`): boolean {
  const pids = parsePidColumn(text, source);
  if (pids.length === 0) return false;
  if (pids.length === 1 && pids[0] === pid) return true;
  throw new ParseError(source, `expected pid ${pid} or nothing, got ${pids.join(', ')}`);
}
