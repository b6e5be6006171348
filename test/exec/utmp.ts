/**
 * Writes utmp files in glibc's x86_64 `struct utmp` layout, so tests can feed
 * `who` (and later the native backend) login records without root and
 * without touching /run/utmp.
 *
 * Layout (384 bytes, little-endian, from glibc `bits/utmp.h` with
 * `__WORDSIZE_TIME64_COMPAT32`, which makes `ut_tv` two 32-bit fields):
 *
 * | offset | field          | type       |
 * |-------:|----------------|------------|
 * |      0 | ut_type        | int16 (+2 pad) |
 * |      4 | ut_pid         | int32      |
 * |      8 | ut_line        | char[32]   |
 * |     40 | ut_id          | char[4]    |
 * |     44 | ut_user        | char[32]   |
 * |     76 | ut_host        | char[256]  |
 * |    332 | ut_exit        | 2 × int16  |
 * |    336 | ut_session     | int32      |
 * |    340 | ut_tv.tv_sec   | int32      |
 * |    344 | ut_tv.tv_usec  | int32      |
 * |    348 | ut_addr_v6     | 4 × int32  |
 * |    364 | reserved       | char[20]   |
 */
import { writeFileSync } from 'node:fs';

/** Size of one glibc x86_64 `struct utmp`. */
export const UTMP_RECORD_SIZE = 384;

/** `ut_type` values used by tests (glibc `utmp.h`). */
export const UtmpType = {
  BootTime: 2,
  LoginProcess: 6,
  UserProcess: 7,
  DeadProcess: 8,
} as const;

/** One utmp record. Strings are written as UTF-8; pass bytes to write anything else. */
export interface UtmpRecord {
  /** Defaults to {@link UtmpType.UserProcess}. */
  type?: number;
  pid: number;
  /** Terminal, without `/dev/`, e.g. `pts/0`; empty for none. */
  line: string | Uint8Array;
  /** Short terminal id; defaults to the last 4 bytes of `line`. */
  id?: string | Uint8Array;
  user: string | Uint8Array;
  /** Remote host; empty (the default) for a local login. */
  host?: string | Uint8Array;
  /** Login time, epoch seconds (must fit an int32). */
  seconds: number;
  microseconds?: number;
  session?: number;
}

const FIELD = {
  type: 0,
  pid: 4,
  line: { offset: 8, size: 32 },
  id: { offset: 40, size: 4 },
  user: { offset: 44, size: 32 },
  host: { offset: 76, size: 256 },
  session: 336,
  tvSec: 340,
  tvUsec: 344,
} as const;

function toBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function writeCharField(record: Buffer, field: { offset: number; size: number }, value: string | Uint8Array): void {
  const bytes = toBytes(value);
  if (bytes.length > field.size) {
    throw new RangeError(`utmp field of ${field.size} bytes cannot hold ${bytes.length} bytes`);
  }
  record.set(bytes, field.offset);
}

function defaultId(line: string | Uint8Array): Uint8Array {
  const bytes = toBytes(line);
  return bytes.subarray(Math.max(0, bytes.length - 4));
}

/** Encodes one record as the 384 bytes glibc reads. */
export function encodeUtmpRecord(entry: UtmpRecord): Buffer {
  const record = Buffer.alloc(UTMP_RECORD_SIZE);
  record.writeInt16LE(entry.type ?? UtmpType.UserProcess, FIELD.type);
  record.writeInt32LE(entry.pid, FIELD.pid);
  writeCharField(record, FIELD.line, entry.line);
  writeCharField(record, FIELD.id, entry.id ?? defaultId(entry.line));
  writeCharField(record, FIELD.user, entry.user);
  writeCharField(record, FIELD.host, entry.host ?? '');
  record.writeInt32LE(entry.session ?? 0, FIELD.session);
  record.writeInt32LE(entry.seconds, FIELD.tvSec);
  record.writeInt32LE(entry.microseconds ?? 0, FIELD.tvUsec);
  return record;
}

/** Writes `records` to `path` as a utmp file (replacing it). */
export function writeUtmp(path: string, records: readonly UtmpRecord[]): void {
  writeFileSync(path, Buffer.concat(records.map(encodeUtmpRecord)));
}
