/** Asserts that a parser rejects input with a `ParseError` (never another exception, never a value). */
import { expect } from 'vitest';
import { ParseError } from '../../src/api/errors';

/** Runs `parse` and checks it throws a `ParseError`; returns the error for further checks. */
export function expectParseError(parse: () => unknown): ParseError {
  let outcome: { value: unknown } | { error: unknown };
  try {
    outcome = { value: parse() };
  } catch (error) {
    outcome = { error };
  }
  if ('value' in outcome) return expect.fail(`expected a ParseError, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(ParseError);
  return outcome.error as ParseError;
}
