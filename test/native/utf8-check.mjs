// Checks that the addon's decodeOsString() replaces ill-formed UTF-8 exactly as
// the WHATWG decoder does (TextDecoder, and Buffer#toString which must agree).
// Usage: node test/native/utf8-check.mjs [path/to/psnode.node] [iterations]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const addonPath = process.argv[2] ?? path.join(root, 'build/Release/psnode.node');
const iterations = Number(process.argv[3] ?? 200_000);
const { decodeOsString } = require(path.resolve(addonPath));

// Replacement mode (fatal: false). ignoreBOM: true means "keep a leading
// U+FEFF": a BOM is content for us, as for Buffer#toString.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
let failures = 0;
let checked = 0;

const hex = (bytes) => Buffer.from(bytes).toString('hex').replace(/(..)/g, '$1 ').trim();
const codepoints = (s) => [...s].map((c) => c.codePointAt(0).toString(16)).join(' ');

function check(bytes, label = '') {
  checked++;
  const expected = decoder.decode(bytes);
  const actual = decodeOsString(bytes);
  if (actual !== expected) {
    failures++;
    if (failures <= 20) {
      console.error(
        `MISMATCH ${label} [${hex(bytes)}]\n  expected ${codepoints(expected)}\n  actual   ${codepoints(actual)}`,
      );
    }
  }
  const viaBuffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (viaBuffer !== expected) {
    // Not our bug, but the claim "same as Buffer#toString" would be false.
    failures++;
    if (failures <= 20) console.error(`TextDecoder and Buffer disagree on [${hex(bytes)}]`);
  }
}

const b = (...bytes) => Uint8Array.from(bytes);
const handPicked = {
  empty: b(),
  ascii: new TextEncoder().encode('hello, world'),
  nul: b(0x61, 0x00, 0x62, 0x00),
  validMix: new TextEncoder().encode('héllo €𝄞 日本'),
  overlong2: b(0xc0, 0x80),
  overlong2b: b(0xc1, 0xbf),
  overlong3: b(0xe0, 0x80, 0x80),
  overlong3b: b(0xe0, 0x9f, 0xbf),
  overlong4: b(0xf0, 0x80, 0x80, 0x80),
  overlong4b: b(0xf0, 0x8f, 0xbf, 0xbf),
  surrogateLow: b(0xed, 0xa0, 0x80),
  surrogateHigh: b(0xed, 0xbf, 0xbf),
  lastBeforeSurrogates: b(0xed, 0x9f, 0xbf),
  aboveMax: b(0xf4, 0x90, 0x80, 0x80),
  maxCodepoint: b(0xf4, 0x8f, 0xbf, 0xbf),
  truncated3: b(0xe2, 0x82),
  truncated3Then: b(0xe2, 0x82, 0x41),
  truncated4: b(0xf0, 0x9f, 0x98),
  truncated4Then: b(0xf0, 0x9f, 0x98, 0x41),
  loneLead: b(0xc3),
  loneContinuation: b(0x80),
  continuations: b(0x80, 0xbf, 0x80, 0x41, 0xbf),
  f5: b(0xf5, 0x80, 0x80, 0x80),
  ff: b(0xff),
  fe: b(0xfe, 0xff, 0xfe),
  allHigh: Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i),
  leadThenAscii: b(0xe2, 0x41, 0x42),
  leadThenLead: b(0xe2, 0xe2, 0x82, 0xac),
  asciiRunThenBad: b(...Array(17).fill(0x61), 0xff, ...Array(9).fill(0x62)),
  bom: b(0xef, 0xbb, 0xbf, 0x61),
};
for (const [label, bytes] of Object.entries(handPicked)) check(bytes, label);
if (decodeOsString(handPicked.bom) !== '\ufeffa') {
  failures++;
  console.error('a leading BOM must be kept');
}

// A subarray view: the addon must honour byteOffset.
{
  const backing = b(0xff, 0x61, 0xe2, 0x82, 0xac, 0xff);
  check(backing.subarray(1, 5), 'subarray');
}

// Random short arrays biased towards 0x80..0xFF, where the interesting cases
// are; some ASCII and some of the boundary bytes keep sequences realistic.
const interesting = [
  0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef,
  0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff,
];
let seed = 0x9e3779b9;
const rand = () => {
  // xorshift32: deterministic, so a failure can be reproduced.
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed;
};
const randomByte = () => {
  const r = rand() % 10;
  if (r < 6) return 0x80 + (rand() & 0x7f);
  if (r < 8) return interesting[rand() % interesting.length];
  return rand() & 0x7f;
};
for (let i = 0; i < iterations; i++) {
  // Mostly short, sometimes long enough for the 8-bytes-at-a-time ASCII scan.
  const len = i % 10 === 0 ? rand() % 64 : rand() % 12;
  const bytes = new Uint8Array(len);
  for (let j = 0; j < len; j++) bytes[j] = randomByte();
  check(bytes);
}

// Non-Uint8Array input is a TypeError, not a crash.
for (const bad of [undefined, 'str', new Uint16Array(2), [1, 2]]) {
  checked++;
  try {
    decodeOsString(bad);
    failures++;
    console.error('expected a TypeError for', bad);
  } catch (e) {
    if (!(e instanceof TypeError)) {
      failures++;
      console.error('expected a TypeError, got', e);
    }
  }
}

console.log(`utf8-check: ${checked} cases, ${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
