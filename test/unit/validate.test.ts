import { describe, expect, it } from 'vitest';
import { callOptionChecks, nonNegativeNumber, pidArgument, readOptions } from '../../src/api/validate';

describe('validate', () => {
  it('pid: integers 0 … 2^31-1 only', () => {
    expect(pidArgument(0, 'pid')).toBe(0);
    expect(pidArgument(2 ** 31 - 1, 'pid')).toBe(2 ** 31 - 1);
    expect(() => pidArgument(-1, 'pid')).toThrow(RangeError);
    expect(() => pidArgument(1.5, 'pid')).toThrow(RangeError);
    expect(() => pidArgument(2 ** 31, 'pid')).toThrow(RangeError);
    expect(() => pidArgument(2 ** 53, 'pid')).toThrow(RangeError);
    expect(() => pidArgument(Number.NaN, 'pid')).toThrow(RangeError);
    expect(() => pidArgument('1; rm -rf /', 'pid')).toThrow(TypeError);
    expect(() => pidArgument(1n, 'pid')).toThrow(TypeError);
    expect(() => pidArgument(null, 'pid')).toThrow(TypeError);
  });

  it('numbers: NaN, infinities and negatives are RangeErrors, other types TypeErrors', () => {
    expect(() => nonNegativeNumber(Number.NaN, 'x')).toThrow(RangeError);
    expect(() => nonNegativeNumber(Number.POSITIVE_INFINITY, 'x')).toThrow(RangeError);
    expect(() => nonNegativeNumber(-0.1, 'x')).toThrow(RangeError);
    expect(() => nonNegativeNumber('1', 'x')).toThrow(TypeError);
    expect(nonNegativeNumber(0, 'x')).toBe(0);
  });

  it('options: unknown keys and non-objects are TypeErrors; undefined values are absent', () => {
    expect(readOptions('f', undefined, callOptionChecks)).toEqual({});
    expect(readOptions('f', { timeout: undefined }, callOptionChecks)).toEqual({});
    expect(() => readOptions('f', { bogus: 1 }, callOptionChecks)).toThrow(/f: unknown option 'bogus'/);
    expect(() => readOptions('f', 5, callOptionChecks)).toThrow(TypeError);
    expect(() => readOptions('f', null, callOptionChecks)).toThrow(TypeError);
    expect(() => readOptions('f', [], callOptionChecks)).toThrow(TypeError);
    expect(() => readOptions('f', { signal: {} }, callOptionChecks)).toThrow(TypeError);
    expect(() => readOptions('f', { timeout: 0 }, callOptionChecks)).toThrow(RangeError);
    const signal = new AbortController().signal;
    expect(readOptions('f', { signal, timeout: 5 }, callOptionChecks)).toEqual({ signal, timeout: 5 });
  });
});
