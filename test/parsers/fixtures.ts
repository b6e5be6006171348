/** Reads files of `test/fixtures/linux` as the runner would hand them over: bytes decoded with `TextDecoder`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Absolute path of `test/fixtures/linux`. */
export const LINUX_FIXTURES = path.join(__dirname, '..', 'fixtures', 'linux');

const utf8 = new TextDecoder('utf-8');

/** The fixture at `relativePath` (under `test/fixtures/linux`), decoded as UTF-8 with U+FFFD replacement. */
export function linuxFixture(relativePath: string): string {
  return utf8.decode(readFileSync(path.join(LINUX_FIXTURES, relativePath)));
}
