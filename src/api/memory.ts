/** Memory functions: psutil's `virtual_memory` and `swap_memory`. */
import { call } from '../workers/dispatch';
import { deriveSwapMemory, deriveVirtualMemory } from './derive';
import type { CallOptions, SwapMemory, VirtualMemory } from './types';
import { callOptionChecks, readOptions } from './validate';

/** System memory usage in bytes, with `used` and `percent` derived as psutil does on Linux. */
export async function virtualMemory(options?: CallOptions): Promise<VirtualMemory> {
  return deriveVirtualMemory(await call('virtualMemory', [], readOptions('virtualMemory', options, callOptionChecks)));
}

/** Swap usage in bytes, and cumulative bytes swapped in and out since boot. */
export async function swapMemory(options?: CallOptions): Promise<SwapMemory> {
  return deriveSwapMemory(await call('swapMemory', [], readOptions('swapMemory', options, callOptionChecks)));
}
