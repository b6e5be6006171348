/**
 * Where the backends find the kernel's pseudo file systems: the procfs and
 * sysfs roots, `/proc` and `/sys` unless `configure({ procfsPath, sysfsPath })`
 * or `PSNODE_PROCFS_PATH` / `PSNODE_SYSFS_PATH` say otherwise (a host's /proc
 * bind-mounted into a container, or a fixture tree in tests; gopsutil's
 * `HOST_PROC`, psutil's `PROCFS_PATH`).
 *
 * The roots are plain data: they travel with every worker job, and a backend
 * instance is made per (backend name, procfs root, sysfs root), so the native
 * C++ collectors and the exec commands both read under them.
 *
 * Honoured by every function that reads /proc or /sys, in both backends.
 * What cannot follow a root (syscalls into our own namespaces: kill, the
 * process setters, ionice, rlimit, getifaddrs and the interface ioctls; utmp;
 * /dev for terminals) is listed in README.md, "Relocated roots".
 */
import path from 'node:path';

/** The two roots, absolute, without a trailing slash (except `/` itself). */
export interface HostRoots {
  readonly procfs: string;
  readonly sysfs: string;
}

export const DEFAULT_ROOTS: HostRoots = Object.freeze({ procfs: '/proc', sysfs: '/sys' });

/**
 * Checks and normalises a root: an absolute path without NUL bytes.
 * `where` names the setting in the error.
 */
export function checkRoot(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new TypeError(`${where} must be a string, got ${typeof value}`);
  if (value === '' || value.includes('\0') || !path.posix.isAbsolute(value)) {
    throw new RangeError(`${where} must be an absolute path without NUL bytes, got '${value}'`);
  }
  const normalised = path.posix.normalize(value);
  return normalised.length > 1 && normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
}

/** `root` + `/` + `relative`, for paths under a root (`//x` is never produced for the root `/`). */
export function underRoot(root: string, relative: string): string {
  return root === '/' ? `/${relative}` : `${root}/${relative}`;
}

/** A key that tells backend instances apart. */
export function rootsKey(roots: HostRoots): string {
  return `${roots.procfs}\0${roots.sysfs}`;
}

const configured: { procfs?: string; sysfs?: string } = {};
let resolved: HostRoots | null = null;

/** Records `configure({ procfsPath, sysfsPath })` (already checked); later calls use them. */
export function setRoots(roots: { procfs?: string | undefined; sysfs?: string | undefined }): void {
  if (roots.procfs !== undefined) configured.procfs = roots.procfs;
  if (roots.sysfs !== undefined) configured.sysfs = roots.sysfs;
  resolved = null;
}

/** Forgets `configure()`'s roots (the environment and defaults apply again); for tests. */
export function resetRoots(): void {
  delete configured.procfs;
  delete configured.sysfs;
  resolved = null;
}

function fromEnv(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : checkRoot(value, name);
}

/**
 * The roots in force: `configure()`, else the environment, else the defaults.
 * Read on the first call and cached until the next `configure()`.
 */
export function currentRoots(): HostRoots {
  if (resolved) return resolved;
  const procfs = configured.procfs ?? fromEnv('PSNODE_PROCFS_PATH', DEFAULT_ROOTS.procfs);
  const sysfs = configured.sysfs ?? fromEnv('PSNODE_SYSFS_PATH', DEFAULT_ROOTS.sysfs);
  resolved =
    procfs === DEFAULT_ROOTS.procfs && sysfs === DEFAULT_ROOTS.sysfs ? DEFAULT_ROOTS : Object.freeze({ procfs, sysfs });
  return resolved;
}

/** Maps the canonical `/proc/…` and `/sys/…` paths some code keys its data by to and from the roots in force. */
export interface RootRebaser {
  /** True for the default roots: both maps are the identity. */
  readonly identity: boolean;
  /** `/proc/x` → `<procfs>/x`, `/sys/x` → `<sysfs>/x`; other paths unchanged. */
  toHost(path: string): string;
  /** The inverse of {@link toHost} for paths under the roots; other paths unchanged. */
  fromHost(path: string): string;
}

function rebase(path: string, from: string, to: string): string | null {
  if (path === from) return to;
  const prefix = from === '/' ? '/' : `${from}/`;
  return path.startsWith(prefix) ? underRoot(to, path.slice(prefix.length)) : null;
}

/**
 * A {@link RootRebaser} for `roots`. The exec process and network modules
 * build their file lists and result maps from canonical paths and rebase
 * them here, at the one place a command line is made or its output read.
 */
export function rootRebaser(roots: HostRoots): RootRebaser {
  const { procfs, sysfs } = roots;
  const identity = procfs === DEFAULT_ROOTS.procfs && sysfs === DEFAULT_ROOTS.sysfs;
  // The longer root first, in case one lies inside the other.
  const hostFirst = procfs.length >= sysfs.length;
  return {
    identity,
    toHost: (path) =>
      identity
        ? path
        : (rebase(path, DEFAULT_ROOTS.procfs, procfs) ?? rebase(path, DEFAULT_ROOTS.sysfs, sysfs) ?? path),
    fromHost: (path) => {
      if (identity) return path;
      const fromProc = () => rebase(path, procfs, DEFAULT_ROOTS.procfs);
      const fromSys = () => rebase(path, sysfs, DEFAULT_ROOTS.sysfs);
      return (hostFirst ? (fromProc() ?? fromSys()) : (fromSys() ?? fromProc())) ?? path;
    },
  };
}
