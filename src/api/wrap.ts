/**
 * Counters that never go backwards, as psutil's `_WrapNumbers`: when a kernel
 * counter wraps (a 32-bit field overflows) or resets (a driver reloads), the
 * value it had before is remembered and added back from then on, so the
 * caller sees a monotonic total. One history per function (`diskIoCounters`,
 * `netIoCounters`), keyed by device; `resetCounterCache()` forgets them.
 */

type Counters = Readonly<Record<string, number>>;

interface History {
  /** Raw values of the previous call, by device. */
  last: Map<string, Counters>;
  /** What to add to each field of each device: the sum of the values seen before each wrap. */
  carried: Map<string, Record<string, number>>;
}

const histories = new Map<string, History>();

/**
 * Returns `current` with every counter made monotonic against the previous
 * call of `name`. Devices that vanished are forgotten; new ones start clean.
 */
export function unwrapCounters<T extends Counters>(
  name: string,
  current: Readonly<Record<string, T>>,
): Record<string, T> {
  let history = histories.get(name);
  if (!history) {
    history = { last: new Map(), carried: new Map() };
    histories.set(name, history);
  }
  const result: Record<string, T> = {};
  for (const [device, values] of Object.entries(current)) {
    const before = history.last.get(device);
    const carried = history.carried.get(device) ?? {};
    const fixed: Record<string, number> = {};
    for (const [field, value] of Object.entries(values)) {
      const previous = before?.[field];
      if (previous !== undefined && value < previous) carried[field] = (carried[field] ?? 0) + previous;
      fixed[field] = value + (carried[field] ?? 0);
    }
    history.carried.set(device, carried);
    history.last.set(device, values);
    // An own property even for a device named `__proto__` (a valid interface name).
    Object.defineProperty(result, device, { value: fixed, enumerable: true, writable: true, configurable: true });
  }
  for (const device of [...history.last.keys()]) {
    if (!(device in current)) {
      history.last.delete(device);
      history.carried.delete(device);
    }
  }
  return result;
}

/** Forgets the counter history of `name`, or of every function. */
export function resetCounterCache(name?: string): void {
  if (name === undefined) histories.clear();
  else histories.delete(name);
}
