/**
 * The one place where an error thrown by the addon (errno + failing syscall,
 * see `NativeErrorShape`) becomes a public psnode error.
 */
import { AccessDenied, NoSuchProcess, OsError, ParseError } from '../../api/errors';
import type { NativeErrorShape } from './binding';

function isNativeError(error: unknown): error is Error & NativeErrorShape {
  return (
    error instanceof Error &&
    typeof (error as Partial<NativeErrorShape>).code === 'string' &&
    typeof (error as Partial<NativeErrorShape>).syscall === 'string'
  );
}

/**
 * Maps an addon error; `pid` is the process the call was about, if any, so
 * ESRCH/ENOENT can say which process vanished. Non-addon errors (a bug, a
 * `TypeError`) pass through untouched.
 */
export function fromNativeError(error: unknown, pid?: number): unknown {
  if (!isNativeError(error)) return error;
  const { code, errno, syscall, path } = error;
  if (syscall === 'parse') return new ParseError(path ?? 'addon', error.message);
  if (pid !== undefined && (code === 'ESRCH' || code === 'ENOENT')) return new NoSuchProcess(pid);
  if (code === 'EPERM' || code === 'EACCES')
    return new AccessDenied(pid ?? null, null, `${syscall} ${path ?? ''}`.trim());
  return new OsError(code, errno, syscall, path ?? null);
}

/** Runs an addon call, mapping its OS errors with {@link fromNativeError}. */
export function guarded<T>(call: () => T, pid?: number): T {
  try {
    return call();
  } catch (error) {
    throw fromNativeError(error, pid);
  }
}
