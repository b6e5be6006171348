/**
 * Every error psnode throws on purpose. This module imports nothing of ours,
 * so any layer (API, pool, worker, backends) can use it.
 *
 * Node's structured clone (worker `postMessage`) turns an `Error` subclass
 * into a plain `Error` and drops custom fields, so errors cross the worker
 * boundary as plain data ({@link toErrorData}) and are rebuilt on the main
 * thread ({@link fromErrorData}) with `instanceof` and every field intact.
 */

/** Stable identifiers for `err.code`. */
export const ErrorCode = {
  NoSuchProcess: 'PSNODE_NO_SUCH_PROCESS',
  ZombieProcess: 'PSNODE_ZOMBIE_PROCESS',
  AccessDenied: 'PSNODE_ACCESS_DENIED',
  TimeoutExpired: 'PSNODE_TIMEOUT_EXPIRED',
  Aborted: 'ABORT_ERR',
  OsError: 'PSNODE_OS_ERROR',
  ParseError: 'PSNODE_PARSE_ERROR',
  CommandFailed: 'PSNODE_COMMAND_FAILED',
  BackendUnavailable: 'PSNODE_BACKEND_UNAVAILABLE',
  NotSupported: 'PSNODE_NOT_SUPPORTED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

function describe(fields: Record<string, string | number | null | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    parts.push(typeof value === 'string' ? `${key}='${value}'` : `${key}=${value}`);
  }
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** Base class of every psnode error. */
export class PsnodeError extends Error {
  /** Stable identifier to branch on. */
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // The class name, so `err.name` says `NoSuchProcess`, `AbortError`, ...
    this.name = new.target.name;
  }
}

/** The process does not exist (any more), or its pid now belongs to another process. */
export class NoSuchProcess extends PsnodeError {
  readonly pid: number;
  readonly processName: string | null;
  readonly msg: string;
  constructor(pid: number, name?: string | null, msg?: string, code: ErrorCode = ErrorCode.NoSuchProcess) {
    const text = msg ?? 'process no longer exists';
    super(code, `${text}${describe({ pid, name })}`);
    this.pid = pid;
    this.processName = name ?? null;
    this.msg = text;
  }
}

/** The process exists but is a zombie: exited, not yet reaped by its parent. */
export class ZombieProcess extends NoSuchProcess {
  readonly ppid: number | null;
  constructor(pid: number, name?: string | null, ppid?: number | null, msg?: string) {
    const text = msg ?? 'process still exists but it is a zombie';
    super(pid, name, text, ErrorCode.ZombieProcess);
    this.ppid = ppid ?? null;
    this.message = `${text}${describe({ pid, name, ppid })}`;
  }
}

/** The OS refused the operation (EPERM / EACCES). */
export class AccessDenied extends PsnodeError {
  readonly pid: number | null;
  readonly processName: string | null;
  readonly msg: string;
  constructor(pid?: number | null, name?: string | null, msg?: string) {
    const text = msg ?? 'access denied';
    super(ErrorCode.AccessDenied, `${text}${describe({ pid, name })}`);
    this.pid = pid ?? null;
    this.processName = name ?? null;
    this.msg = text;
  }
}

/** A deadline passed: a call's `timeout`, a command's time limit, or a `wait()`. */
export class TimeoutExpired extends PsnodeError {
  /** The limit that passed, in seconds. */
  readonly seconds: number;
  readonly pid: number | null;
  readonly processName: string | null;
  readonly msg: string;
  constructor(seconds: number, pid?: number | null, name?: string | null, msg?: string) {
    const text = msg ?? `timeout after ${seconds} seconds`;
    super(ErrorCode.TimeoutExpired, `${text}${describe({ pid, name })}`);
    this.seconds = seconds;
    this.pid = pid ?? null;
    this.processName = name ?? null;
    this.msg = text;
  }
}

/** The call's `AbortSignal` fired. `name` is `AbortError` and `code` `ABORT_ERR`, as Node's own. */
export class AbortError extends PsnodeError {
  constructor(message = 'the operation was aborted', options?: { cause?: unknown }) {
    super(ErrorCode.Aborted, message, options);
  }
}

/** An OS call failed for another reason than the ones above. */
export class OsError extends PsnodeError {
  /** errno symbolic name, e.g. `ENOENT`. */
  readonly errnoName: string;
  /** errno value. */
  readonly errno: number;
  /** The syscall or library function that failed. */
  readonly syscall: string;
  readonly path: string | null;
  constructor(errnoName: string, errno: number, syscall: string, path?: string | null, detail?: string) {
    const where = path ? ` '${path}'` : '';
    super(ErrorCode.OsError, `${syscall}${where} failed: ${errnoName}${detail ? ` (${detail})` : ''}`);
    this.errnoName = errnoName;
    this.errno = errno;
    this.syscall = syscall;
    this.path = path ?? null;
  }
}

/** A tool's output or an OS file did not have the expected shape. */
export class ParseError extends PsnodeError {
  /** What was being parsed: a command line or a file path. */
  readonly source: string;
  constructor(source: string, reason: string) {
    super(ErrorCode.ParseError, `cannot parse output of ${source}: ${reason}`);
    this.source = source;
  }
}

/** An external command could not be run or exited with a failure. */
export class CommandFailed extends PsnodeError {
  readonly command: string;
  /** Exit code, or `null` when it did not exit normally. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The first bytes of its standard error. */
  readonly stderr: string;
  constructor(command: string, exitCode: number | null, signal: string | null, stderr: string, reason?: string) {
    const how = reason ?? (signal ? `killed by ${signal}` : `exited with code ${exitCode}`);
    const tail = stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : '';
    super(ErrorCode.CommandFailed, `command '${command}' ${how}${tail}`);
    this.command = command;
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderr = stderr;
  }
}

/** The requested backend cannot be loaded (e.g. `PSNODE_BACKEND=native` without a built addon). */
export class BackendUnavailable extends PsnodeError {
  readonly backend: string;
  readonly reason: string;
  constructor(backend: string, reason: string) {
    super(ErrorCode.BackendUnavailable, `backend '${backend}' is unavailable: ${reason}`);
    this.backend = backend;
    this.reason = reason;
  }
}

/** The function is not available on this platform or backend. */
export class NotSupported extends PsnodeError {
  readonly feature: string;
  constructor(feature: string, reason: string) {
    super(ErrorCode.NotSupported, `${feature} is not supported: ${reason}`);
    this.feature = feature;
  }
}

/** An error as plain data: survives structured clone. */
export interface ErrorData {
  readonly psnodeError: true;
  readonly kind: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly fields: Readonly<Record<string, string | number | null>>;
}

type Rebuild = (f: Readonly<Record<string, string | number | null>>) => Error;
const num = (v: string | number | null | undefined): number => (typeof v === 'number' ? v : Number.NaN);
const numOrNull = (v: string | number | null | undefined): number | null => (typeof v === 'number' ? v : null);
const str = (v: string | number | null | undefined): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: string | number | null | undefined): string | null => (typeof v === 'string' ? v : null);

const rebuilders: Record<string, Rebuild> = {
  NoSuchProcess: (f) => new NoSuchProcess(num(f.pid), strOrNull(f.processName), str(f.msg)),
  ZombieProcess: (f) => new ZombieProcess(num(f.pid), strOrNull(f.processName), numOrNull(f.ppid), str(f.msg)),
  AccessDenied: (f) => new AccessDenied(numOrNull(f.pid), strOrNull(f.processName), str(f.msg)),
  TimeoutExpired: (f) => new TimeoutExpired(num(f.seconds), numOrNull(f.pid), strOrNull(f.processName), str(f.msg)),
  AbortError: (f) => new AbortError(str(f.message)),
  OsError: (f) => new OsError(str(f.errnoName), num(f.errno), str(f.syscall), strOrNull(f.path)),
  ParseError: (f) => new ParseError(str(f.source), ''),
  CommandFailed: (f) => new CommandFailed(str(f.command), numOrNull(f.exitCode), strOrNull(f.signal), str(f.stderr)),
  BackendUnavailable: (f) => new BackendUnavailable(str(f.backend), str(f.reason)),
  NotSupported: (f) => new NotSupported(str(f.feature), ''),
};

/** Turns any thrown value into plain data that survives `postMessage`. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof PsnodeError) {
    const fields: Record<string, string | number | null> = {};
    for (const [key, value] of Object.entries(error)) {
      if (typeof value === 'string' || typeof value === 'number' || value === null) fields[key] = value;
    }
    fields.message = error.message;
    return { psnodeError: true, kind: error.name, message: error.message, stack: error.stack, fields };
  }
  const plain = error instanceof Error ? error : new Error(String(error));
  return { psnodeError: true, kind: 'Error', message: plain.message, stack: plain.stack, fields: {} };
}

/** Rebuilds the real class from {@link toErrorData}'s output; message and stack are kept as thrown. */
export function fromErrorData(data: ErrorData): Error {
  const rebuild = rebuilders[data.kind];
  const error = rebuild ? rebuild(data.fields) : new Error(data.message);
  error.message = data.message;
  if (data.stack) error.stack = data.stack;
  return error;
}

/** True for the plain data {@link toErrorData} produces. */
export function isErrorData(value: unknown): value is ErrorData {
  return typeof value === 'object' && value !== null && (value as { psnodeError?: unknown }).psnodeError === true;
}
