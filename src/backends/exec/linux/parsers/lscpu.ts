/**
 * Parsers for `lscpu -p=<columns>`, the "parsable" format: `#` comment lines
 * ending with the column header (`# CPU,Core,Socket`), then one
 * comma-separated row per online CPU. An empty cell means "not available".
 */
import { ParseError } from '../../../../api/errors';
import type { RawCpuFreq } from '../../../types';
import { nonBlankLines, parseUnsignedDecimal, parseUnsignedInteger } from '../../parse-helpers';

/** Columns requested for CPU counts. */
export const LSCPU_TOPOLOGY_COLUMNS = ['CPU', 'CORE', 'SOCKET'] as const;
/** Columns requested for frequencies. */
export const LSCPU_FREQ_COLUMNS = ['CPU', 'MHZ', 'MAXMHZ', 'MINMHZ'] as const;

/** The `lscpu` arguments that request `columns`. */
export function lscpuArgs(columns: readonly string[]): string[] {
  return [`-p=${columns.join(',')}`];
}

const sourceFor = (columns: readonly string[]): string => `lscpu ${lscpuArgs(columns).join(' ')}`;

/** Where one CPU sits: its core and socket ids, `null` when lscpu leaves them empty. */
export interface LscpuTopologyRow {
  cpu: number;
  core: number | null;
  socket: number | null;
}

function checkHeader(comments: readonly string[], columns: readonly string[], source: string): void {
  const header = comments.at(-1)?.replace(/^#\s*/, '') ?? '';
  if (header.toUpperCase() !== columns.join(',')) {
    throw new ParseError(source, `expected the column header '# ${columns.join(',')}', got '${comments.at(-1) ?? ''}'`);
  }
}

/**
 * The data rows as cells, after checking the header names exactly `columns`
 * (case-insensitively: lscpu prints `Mhz`) and every row has one cell per column.
 * At least one row is required: lscpu always lists the CPU it runs on.
 */
export function parseLscpuRows(text: string, columns: readonly string[], source = sourceFor(columns)): string[][] {
  const lines = nonBlankLines(text, source);
  const comments = lines.filter((line) => line.startsWith('#'));
  const data = lines.filter((line) => !line.startsWith('#'));
  checkHeader(comments, columns, source);
  if (data.length === 0) throw new ParseError(source, 'no CPU rows');
  return data.map((line) => {
    const cells = line.split(',');
    if (cells.length !== columns.length) {
      throw new ParseError(source, `row '${line}' has ${cells.length} cells, expected ${columns.length}`);
    }
    return cells;
  });
}

function optionalInteger(cell: string | undefined, source: string, what: string): number | null {
  return cell === '' ? null : parseUnsignedInteger(cell, source, what);
}

function optionalDecimal(cell: string | undefined, source: string, what: string): number | null {
  return cell === '' ? null : parseUnsignedDecimal(cell, source, what);
}

/** Parses `lscpu -p=CPU,CORE,SOCKET`: one row per online CPU. */
export function parseLscpuTopology(text: string, source = sourceFor(LSCPU_TOPOLOGY_COLUMNS)): LscpuTopologyRow[] {
  return parseLscpuRows(text, LSCPU_TOPOLOGY_COLUMNS, source).map(([cpu, core, socket]) => ({
    cpu: parseUnsignedInteger(cpu, source, 'CPU'),
    core: optionalInteger(core, source, 'CORE'),
    socket: optionalInteger(socket, source, 'SOCKET'),
  }));
}

/** Distinct (core, socket) pairs; rows without a core id are ignored; `null` when no row has one. */
export function countPhysicalCores(rows: readonly LscpuTopologyRow[]): number | null {
  const cores = new Set(rows.filter((row) => row.core !== null).map((row) => `${row.core},${row.socket ?? ''}`));
  return cores.size > 0 ? cores.size : null;
}

/**
 * Parses `lscpu -p=CPU,MHZ,MAXMHZ,MINMHZ`: one `{current, min, max}` per
 * online CPU in MHz (`min`/`max` `null` when empty), or `null` when no CPU
 * reports a current frequency. Some CPUs with and some without is an error:
 * there is no way to say "unknown" for one CPU's current frequency.
 */
export function parseLscpuFrequencies(text: string, source = sourceFor(LSCPU_FREQ_COLUMNS)): RawCpuFreq[] | null {
  const rows = parseLscpuRows(text, LSCPU_FREQ_COLUMNS, source);
  const withCurrent = rows.filter(([, mhz]) => mhz !== '');
  if (withCurrent.length === 0) return null;
  if (withCurrent.length !== rows.length) {
    throw new ParseError(source, `only ${withCurrent.length} of ${rows.length} CPUs report a current frequency`);
  }
  return rows.map(([cpu, mhz, max, min]) => {
    parseUnsignedInteger(cpu, source, 'CPU');
    return {
      current: parseUnsignedDecimal(mhz, source, `CPU ${cpu} MHZ`),
      min: optionalDecimal(min, source, `CPU ${cpu} MINMHZ`),
      max: optionalDecimal(max, source, `CPU ${cpu} MAXMHZ`),
    };
  });
}
