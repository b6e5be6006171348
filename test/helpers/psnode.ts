/**
 * The built package, loaded with Node's own `require` exactly as users load it
 * (not through Vite's transform), so tests exercise dist/, its worker file and
 * its addon. `npm test` builds first.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(__filename);
export const ROOT = path.join(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');

export const ps: typeof import('../../src/index') = require(path.join(DIST, 'index.js'));
export const pool: typeof import('../../src/workers/pool') = require(path.join(DIST, 'workers', 'pool.js'));
export const BACKENDS = ['native', 'exec'] as const;

/**
 * The addon file the native backend loads: `PSNODE_NATIVE_PATH` when set (a
 * sanitizer build, the node matrix), else what node-gyp-build finds (a
 * prebuild or build/Release).
 */
export const ADDON: string =
  process.env.PSNODE_NATIVE_PATH || (require('node-gyp-build') as { path(root: string): string }).path(ROOT);
