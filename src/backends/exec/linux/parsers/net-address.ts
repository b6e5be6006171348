/**
 * Address arithmetic shared by the network parsers: the text forms glibc's
 * `inet_ntop` and `getnameinfo(NI_NUMERICHOST)` print (what the native
 * backend reports), the kernel's hex addresses of /proc/net, netmasks from
 * prefix lengths, and link-layer addresses as `ip` prints them.
 */
import { ParseError } from '../../../../api/errors';

/** Byte order of the machine whose /proc/net files are parsed (the kernel prints 32-bit words in it). */
export type Endianness = 'LE' | 'BE';

/** Dotted quad of 4 bytes. */
export function formatIpv4(bytes: Uint8Array): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/**
 * IPv6 text as glibc's `inet_ntop` writes it: lowercase hex words without
 * leading zeros, the longest run of two or more zero words (the first of
 * equals) as `::`, and an embedded IPv4 address for IPv4-compatible
 * (`::a.b.c.d`) and IPv4-mapped (`::ffff:a.b.c.d`) addresses.
 */
export function formatIpv6(bytes: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      return out + formatIpv4(bytes.subarray(12, 16));
    }
    out += (words[i] as number).toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** The 16 bytes of an IPv6 address in text form (`::`, embedded IPv4 and a `%scope` suffix accepted); `null` if it is not one. */
export function parseIpv6(text: string): Uint8Array | null {
  const percent = text.indexOf('%');
  let rest = percent >= 0 ? text.slice(0, percent) : text;
  const bytes = new Uint8Array(16);
  let tail: number[] = [];
  const v4 = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(rest);
  if (v4) {
    const quad = v4.slice(2, 6).map(Number);
    if (quad.some((n) => n > 255)) return null;
    rest = `${v4[1]}${(((quad[0] as number) << 8) | (quad[1] as number)).toString(16)}:${(((quad[2] as number) << 8) | (quad[3] as number)).toString(16)}`;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const parseWords = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    for (const word of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(word)) return null;
      out.push(Number.parseInt(word, 16));
    }
    return out;
  };
  const head = parseWords(halves[0] as string);
  if (head === null) return null;
  if (halves.length === 2) {
    const t = parseWords(halves[1] as string);
    if (t === null || head.length + t.length > 7) return null;
    tail = t;
  } else if (head.length !== 8) {
    return null;
  }
  const words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  words.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

/** Whether glibc gives this IPv6 address a scope id (link-local unicast fe80::/10 or link-local multicast ffx2::/16). */
export function ipv6NeedsScope(bytes: Uint8Array): boolean {
  const a = bytes[0] ?? 0;
  const b = bytes[1] ?? 0;
  return (a === 0xfe && (b & 0xc0) === 0x80) || (a === 0xff && (b & 0x0f) === 0x02);
}

/** The netmask of a prefix length, as getifaddrs builds it and getnameinfo prints it. */
export function netmaskOf(family: 'inet' | 'inet6', prefixlen: number, source: string): string {
  const size = family === 'inet' ? 4 : 16;
  if (!Number.isInteger(prefixlen) || prefixlen < 0 || prefixlen > size * 8) {
    throw new ParseError(source, `prefix length ${prefixlen} out of range for ${family}`);
  }
  const bytes = new Uint8Array(size);
  for (let bit = 0; bit < prefixlen; bit++) bytes[bit >> 3] = (bytes[bit >> 3] as number) | (0x80 >> (bit & 7));
  return family === 'inet' ? formatIpv4(bytes) : formatIpv6(bytes);
}

/**
 * A link-layer address as `ip` prints it, as the hex bytes psutil prints:
 * `aa:bb:…` (two hex digits per byte), or the IPv4 / IPv6 text `ip` uses for
 * tunnel devices whose link address is an IP address (sit, gre, ip6tnl).
 */
export function linkAddressHex(text: string, source: string): string {
  if (/^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})*$/.test(text)) return text.toLowerCase();
  let bytes: Uint8Array | null = null;
  const quad = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const parts = quad.slice(1, 5).map(Number);
    if (parts.every((n) => n <= 255)) bytes = Uint8Array.from(parts);
  } else {
    bytes = parseIpv6(text);
  }
  if (bytes === null) throw new ParseError(source, `not a link-layer address: '${text}'`);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

const HEX_WORD = /^[0-9A-Fa-f]{8}$/;

/**
 * A /proc/net/{tcp,udp}[6] address `HEX:PORT`: IPv4 as one 32-bit word,
 * IPv6 as four, each printed in the byte order of the machine (`endianness`).
 * Returns the numeric address text (as `inet_ntop`) and the port.
 */
export function decodeProcNetAddress(
  token: string,
  family: 'inet' | 'inet6',
  endianness: Endianness,
  source: string,
): { ip: string; port: number } {
  const colon = token.indexOf(':');
  const hex = colon < 0 ? '' : token.slice(0, colon);
  const portHex = colon < 0 ? '' : token.slice(colon + 1);
  const words = family === 'inet' ? 1 : 4;
  if (hex.length !== words * 8 || !/^[0-9A-Fa-f]{4}$/.test(portHex)) {
    throw new ParseError(source, `malformed address '${token}'`);
  }
  const bytes = new Uint8Array(words * 4);
  for (let w = 0; w < words; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    if (!HEX_WORD.test(word)) throw new ParseError(source, `malformed address '${token}'`);
    const value = Number.parseInt(word, 16);
    for (let b = 0; b < 4; b++) {
      const shift = endianness === 'LE' ? b * 8 : (3 - b) * 8;
      bytes[w * 4 + b] = (value >>> shift) & 0xff;
    }
  }
  return { ip: family === 'inet' ? formatIpv4(bytes) : formatIpv6(bytes), port: Number.parseInt(portHex, 16) };
}
