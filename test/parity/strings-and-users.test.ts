/**
 * OS strings: invalid UTF-8 becomes U+FFFD, identically in both backends.
 * The native helper is compared with TextDecoder (what the exec runner uses),
 * and users() of both backends are compared on one utmp file with a name that
 * is not UTF-8.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLinuxExecBackend } from '../../src/backends/exec/linux';
import { createExecFileRunner } from '../../src/backends/exec/runner';
import type { NativeBinding } from '../../src/backends/native/binding';
import { writeUtmp } from '../exec/utmp';
import { SAMPLE_UTMP_RECORDS } from '../exec/utmp-sample';
import { ADDON } from '../helpers/psnode';

const binding = require(path.resolve(ADDON)) as NativeBinding;
const work = mkdtempSync(path.join(tmpdir(), 'psnode-strings-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A deterministic stream of bytes, mostly in the 0x80–0xFF range where UTF-8 goes wrong. */
function* randomByteArrays(count: number): Generator<Uint8Array> {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let i = 0; i < count; i++) {
    const bytes = new Uint8Array(next() % 12);
    for (let j = 0; j < bytes.length; j++) bytes[j] = next() % 4 === 0 ? next() % 0x80 : 0x80 + (next() % 0x80);
    yield bytes;
  }
}

describe('OS strings', () => {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  it('the native helper replaces invalid UTF-8 exactly as TextDecoder does', () => {
    const handPicked = [
      [0xff],
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
      [0x80, 0x80, 0x41],
      [0xf5, 0xfe, 0xff],
      [0x61, 0x00, 0x62],
      [0xef, 0xbb, 0xbf, 0x41],
      [0xf0, 0x9f, 0x98, 0x80],
    ].map((b) => Uint8Array.from(b));
    for (const bytes of handPicked) expect(binding.decodeOsString(bytes)).toBe(decoder.decode(bytes));
    let compared = 0;
    for (const bytes of randomByteArrays(50_000)) {
      const native = binding.decodeOsString(bytes);
      if (native !== decoder.decode(bytes)) expect(native).toBe(decoder.decode(bytes));
      compared++;
    }
    expect(compared).toBe(50_000);
  });

  it('users() of both backends agree on a utmp file, undecodable name included', async () => {
    const file = path.join(work, 'utmp');
    writeUtmp(file, SAMPLE_UTMP_RECORDS);
    const native = binding.users(file);
    const exec = await createLinuxExecBackend(createExecFileRunner()).users(file);
    expect(native.map((u) => u.name)).toContain('a\uFFFD\uFFFDb');
    expect(exec.map((u) => u.name)).toEqual(native.map((u) => u.name));
    expect(exec.map((u) => u.terminal)).toEqual(native.map((u) => u.terminal));
    expect(exec.map((u) => u.host)).toEqual(native.map((u) => u.host));
    expect(exec.map((u) => u.pid)).toEqual(native.map((u) => u.pid));
    native.forEach((u, i) => {
      // who prints the login time to the minute.
      const started = exec[i]?.started ?? Number.NaN;
      expect(u.started - started).toBeGreaterThanOrEqual(0);
      expect(u.started - started).toBeLessThan(60);
    });
  });
});
