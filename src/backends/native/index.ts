/**
 * The native backend: the compiled addon, loaded with node-gyp-build from the
 * package root (a prebuild first, then a local build). The platform module is
 * chosen once, here.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NotSupported } from '../../api/errors';
import { DEFAULT_ROOTS, type HostRoots } from '../roots';
import type { Backend } from '../types';
import type { NativeBinding } from './binding';
import { createPlatformBackend } from './linux';

// node-gyp-build ships no types; its whole API is this one function.
const nodeGypBuild: (root: string) => unknown = require('node-gyp-build');

/** Package root: this file is `<root>/{src,dist}/backends/native/index.*`. */
const PACKAGE_ROOT = path.join(__dirname, '..', '..', '..');

/** Written by `scripts/install.js` when the install-time build failed. */
export const BUILD_ERROR_LOG = path.join(PACKAGE_ROOT, '.native-build-error.log');

function installFailureSummary(): string {
  try {
    const lines = readFileSync(BUILD_ERROR_LOG, 'utf8').trim().split('\n');
    return `; the install-time build failed: ${lines[0] ?? ''}`;
  } catch {
    return '';
  }
}

/**
 * Loads the addon; throws an `Error` whose message says why it is unavailable.
 * Order: the file named by `PSNODE_NATIVE_PATH` (e.g. a sanitizer build), else
 * node-gyp-build's search of the package (prebuilds/, then build/Release).
 */
export function loadBinding(): NativeBinding {
  if (process.platform !== 'linux') {
    throw new NotSupported('the native backend', `no native code for ${process.platform} yet`);
  }
  const override = process.env.PSNODE_NATIVE_PATH;
  try {
    if (override) return require(path.resolve(override)) as NativeBinding;
    return nodeGypBuild(PACKAGE_ROOT) as NativeBinding;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`the native addon could not be loaded: ${detail}${installFailureSummary()}`, { cause: error });
  }
}

/** Loads the addon and wraps it as a {@link Backend} reading under `roots`. */
export function createNativeBackend(roots: HostRoots = DEFAULT_ROOTS): Backend {
  return createPlatformBackend(loadBinding(), roots);
}
