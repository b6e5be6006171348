/**
 * psutil's rules for what a failed process read means, in one place:
 * EPERM/EACCES → AccessDenied; ESRCH/ENOENT → ZombieProcess for a zombie,
 * NoSuchProcess when /proc/<pid> is gone, and the OS error itself when the
 * process still exists (a missing file is then not a vanished process).
 */
import type { ProcessAttr, RawAttrError, RawProcessRead } from '../backends/process-types';
import { AccessDenied, NoSuchProcess, OsError, ParseError, ZombieProcess } from './errors';

/** What psutil raises for a zombie's cmdline, exe and memory maps: the data is gone with the process image. */
const GONE_WITH_ZOMBIES: ReadonlySet<ProcessAttr> = new Set(['cmdline', 'exe', 'memoryMaps']);

/** Names and ppid the error messages can carry, if known. */
export interface ProcessLabel {
  name: string | null;
  ppid: number | null;
}

export function attrError(read: RawProcessRead, error: RawAttrError, label: ProcessLabel): Error {
  const { pid } = read;
  switch (error.code) {
    case 'EPERM':
    case 'EACCES':
      return new AccessDenied(pid, label.name);
    case 'ESRCH':
    case 'ENOENT':
      if (read.zombie) return new ZombieProcess(pid, label.name, label.ppid);
      if (!read.exists) return new NoSuchProcess(pid, label.name);
      return new OsError(error.code, error.errno, error.syscall, error.path ?? null);
    case 'EPARSE':
      return new ParseError(error.path ?? error.syscall, `unexpected content for pid ${pid}`);
    default:
      return new OsError(error.code, error.errno, error.syscall, error.path ?? null);
  }
}

/**
 * The value of `attr` in `read`, or the error psutil would raise for it. A
 * zombie's cmdline, exe and memory maps are a `ZombieProcess`, even where the
 * kernel answered with an empty value.
 */
export function attrValue<A extends ProcessAttr>(
  read: RawProcessRead,
  attr: A,
  label: ProcessLabel,
): { ok: true; value: NonNullable<RawProcessRead['values'][A]> } | { ok: false; error: Error } {
  const error = read.errors[attr];
  if (error && attr === 'environ' && error.code === 'ESRCH' && read.exists && !read.zombie) {
    // A kernel thread has no user memory, hence no environment; since Linux 6.x
    // opening its /proc/<pid>/environ fails with ESRCH instead of reading empty.
    return { ok: true, value: {} as NonNullable<RawProcessRead['values'][A]> };
  }
  if (error) return { ok: false, error: attrError(read, error, label) };
  if (read.zombie && GONE_WITH_ZOMBIES.has(attr)) {
    return { ok: false, error: new ZombieProcess(read.pid, label.name, label.ppid) };
  }
  const value = read.values[attr];
  if (value === undefined) {
    // A backend that neither read nor reported an attribute it was asked for: a bug, said plainly.
    return { ok: false, error: new ParseError(`process ${read.pid}`, `backend returned no value for '${attr}'`) };
  }
  return { ok: true, value: value as NonNullable<RawProcessRead['values'][A]> };
}
