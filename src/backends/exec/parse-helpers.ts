/**
 * Small strict helpers the exec parsers share. Every one throws
 * {@link ParseError} rather than returning `NaN`, a silent 0, or throwing a
 * plain `Error`, so a tool whose output changed shape fails loudly and typed.
 */
import { ParseError } from '../../api/errors';

const UNSIGNED_INTEGER = /^\d+$/;
const UNSIGNED_DECIMAL = /^\d+(?:\.\d+)?$/;

/** The non-blank lines of `text`, trailing whitespace removed; throws when there are none. */
export function nonBlankLines(text: string, source: string): string[] {
  const lines = text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new ParseError(source, 'the output is empty');
  return lines;
}

/** Splits on runs of blanks (spaces and tabs), dropping leading/trailing blanks. */
export function splitFields(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === '' ? [] : trimmed.split(/[ \t]+/);
}

/**
 * A non-negative decimal integer token (no sign, no exponent, no blanks).
 * Throws when it is not one, or is too large to be exact as a `number`.
 */
export function parseUnsignedInteger(token: string | undefined, source: string, what: string): number {
  if (token === undefined || !UNSIGNED_INTEGER.test(token)) {
    throw new ParseError(source, `${what}: expected a non-negative integer, got ${describeToken(token)}`);
  }
  const value = Number(token);
  if (!Number.isSafeInteger(value)) {
    throw new ParseError(source, `${what}: ${token} is too large to be represented exactly`);
  }
  return value;
}

/** A non-negative decimal number token such as `2096.0320` or `0.29`. */
export function parseUnsignedDecimal(token: string | undefined, source: string, what: string): number {
  if (token === undefined || !UNSIGNED_DECIMAL.test(token)) {
    throw new ParseError(source, `${what}: expected a non-negative number, got ${describeToken(token)}`);
  }
  return Number(token);
}

/** `'x'` for a token, `nothing` for a missing one: for error messages. */
export function describeToken(token: string | undefined): string {
  return token === undefined ? 'nothing' : `'${token}'`;
}
