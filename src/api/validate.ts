/**
 * Argument checks, run before anything is read or spawned. Wrong types are
 * `TypeError`s, values out of range `RangeError`s; both name the function and
 * the argument.
 */

/** Checks one option value; throws with `where` (e.g. `cpuPercent: option 'interval'`) in the message. */
export type Check<T> = (value: unknown, where: string) => T;

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

export const boolean: Check<boolean> = (value, where) => {
  if (typeof value !== 'boolean') throw new TypeError(`${where} must be a boolean, got ${show(value)}`);
  return value;
};

/** A finite number ≥ 0 (seconds of `interval`, for instance). */
export const nonNegativeNumber: Check<number> = (value, where) => {
  if (typeof value !== 'number') throw new TypeError(`${where} must be a number, got ${show(value)}`);
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${where} must be a finite number ≥ 0, got ${show(value)}`);
  return value;
};

/** A finite number > 0 (a `timeout` in milliseconds). */
export const positiveNumber: Check<number> = (value, where) => {
  if (typeof value !== 'number') throw new TypeError(`${where} must be a number, got ${show(value)}`);
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${where} must be a finite number > 0, got ${show(value)}`);
  return value;
};

/** An integer in [min, max]. */
export function integerIn(min: number, max: number): Check<number> {
  return (value, where) => {
    if (typeof value !== 'number') throw new TypeError(`${where} must be an integer, got ${show(value)}`);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${where} must be an integer from ${min} to ${max}, got ${show(value)}`);
    }
    return value;
  };
}

export function oneOf<const T extends string>(...allowed: T[]): Check<T> {
  return (value, where) => {
    if (typeof value !== 'string')
      throw new TypeError(`${where} must be one of ${allowed.join(', ')}; got ${show(value)}`);
    if (!(allowed as string[]).includes(value)) {
      throw new RangeError(`${where} must be one of ${allowed.join(', ')}; got ${show(value)}`);
    }
    return value as T;
  };
}

export const abortSignal: Check<AbortSignal> = (value, where) => {
  if (!(value instanceof AbortSignal)) throw new TypeError(`${where} must be an AbortSignal, got ${show(value)}`);
  return value;
};

/** A file system path: a non-empty string without NUL bytes (the OS would cut it at the NUL). */
export const pathArgument: Check<string> = (value, where) => {
  if (typeof value !== 'string') throw new TypeError(`${where} must be a string, got ${show(value)}`);
  if (value === '' || value.includes('\0')) {
    throw new RangeError(`${where} must be a non-empty path without NUL bytes, got ${show(value)}`);
  }
  return value;
};

/** Largest pid the kernel can hand out (`pid_t` is a signed 32-bit integer). */
export const MAX_PID = 2 ** 31 - 1;
export const pidArgument: Check<number> = integerIn(0, MAX_PID);

type Spec = Record<string, Check<unknown>>;
type Parsed<S extends Spec> = { [K in keyof S]?: ReturnType<S[K]> };

/** The options every call accepts. */
export const callOptionChecks = { signal: abortSignal, timeout: positiveNumber } satisfies Spec;

/**
 * Validates an options object against `spec`: `undefined` means no options;
 * anything but a plain object, an unknown key or a wrong value throws. Keys
 * whose value is `undefined` are treated as absent, as in a spread of defaults.
 */
export function readOptions<S extends Spec>(fn: string, options: unknown, spec: S): Parsed<S> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object, got ${show(options)}`);
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    const check = spec[key];
    if (!check) {
      const known = Object.keys(spec).join(', ');
      throw new TypeError(`${fn}: unknown option '${key}' (known: ${known})`);
    }
    if (value !== undefined) result[key] = check(value, `${fn}: option '${key}'`);
  }
  return result as Parsed<S>;
}
