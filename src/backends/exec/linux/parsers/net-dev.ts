/** Parser of `/proc/net/dev` (`cat /proc/net/dev`): psutil's fields of each interface's row. */
import { ParseError } from '../../../../api/errors';
import type { RawNetIoCounters } from '../../../net-types';
import { parseUnsignedInteger, splitFields } from '../../parse-helpers';

const SOURCE = '/proc/net/dev';
const COLUMNS = 16;

/**
 * Two header lines (`Inter-|   Receive …` and ` face |bytes …`), then one
 * row per interface: `name: ` and 16 counters, receive then transmit
 * (bytes packets errs drop fifo frame compressed multicast; bytes packets
 * errs drop fifo colls carrier compressed). Rows in file order.
 */
export function parseProcNetDev(text: string): RawNetIoCounters[] {
  const lines = text.split('\n');
  if (lines.length < 2 || !lines[0]?.includes('|') || !lines[1]?.includes('|')) {
    throw new ParseError(SOURCE, 'missing the two header lines');
  }
  const rows: RawNetIoCounters[] = [];
  for (const line of lines.slice(2)) {
    if (line.trim() === '') continue;
    // The name is what precedes the last ':' (psutil's rule; Linux names hold no ':').
    const colon = line.lastIndexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    if (name === '') throw new ParseError(SOURCE, `row without an interface name: '${line.slice(0, 80)}'`);
    const fields = splitFields(line.slice(colon + 1));
    if (fields.length !== COLUMNS) {
      throw new ParseError(SOURCE, `${name}: expected ${COLUMNS} counters, got ${fields.length}`);
    }
    const v = fields.map((field, i) => parseUnsignedInteger(field, SOURCE, `${name} column ${i + 1}`));
    rows.push({
      name,
      bytesSent: v[8] as number,
      bytesRecv: v[0] as number,
      packetsSent: v[9] as number,
      packetsRecv: v[1] as number,
      errin: v[2] as number,
      errout: v[10] as number,
      dropin: v[3] as number,
      dropout: v[11] as number,
    });
  }
  return rows;
}
