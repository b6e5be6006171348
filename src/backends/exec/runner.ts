/**
 * The one command runner of the exec backend. Every value the exec backend
 * returns comes from a command run here, so the policy is decided once:
 *
 * - `execFile`, never a shell: arguments are passed as they are, no quoting.
 * - `LC_ALL=C` and `LANG=C` in the child's environment, so tools print the
 *   untranslated, unlocalised format the parsers expect.
 * - a time limit (default {@link DEFAULT_TIMEOUT_MS}) after which the child's
 *   child is killed and the call rejects with `TimeoutExpired` at once.
 * - bounded output (default {@link DEFAULT_MAX_BUFFER_BYTES}): more is a `CommandFailed`.
 * - an `AbortSignal` kills the child and rejects with `AbortError`, also while queued.
 * - a missing tool (ENOENT) is a `CommandFailed` that says it is not installed.
 * - stdout is decoded as UTF-8 with `TextDecoder`: invalid bytes become U+FFFD.
 * - at most {@link DEFAULT_CONCURRENCY} children at a time per thread (p-limit).
 * - a non-zero exit is a `CommandFailed` unless the caller accepts that code.
 */
import { type ChildProcess, type ExecFileException, execFile } from 'node:child_process';
import type { LimitFunction } from 'p-limit' with { 'resolution-mode': 'import' };
import { AbortError, CommandFailed, TimeoutExpired } from '../../api/errors';

/** What a command produced. */
export interface CommandResult {
  /** Standard output, decoded as UTF-8 (invalid bytes are U+FFFD). */
  stdout: string;
  /** Standard error, decoded the same way. */
  stderr: string;
  /** 0, or a non-zero code the caller listed in {@link RunOptions.acceptExitCodes}. */
  exitCode: number;
  /**
   * The child's pid, so a caller listing processes can drop the runner's own
   * child (it has exited by the time the caller looks). `null` when no real
   * process ran (fixture runner).
   */
  pid: number | null;
}

/** Per-call options. */
export interface RunOptions {
  /** Kills the command and rejects with `AbortError` when it fires. */
  signal?: AbortSignal;
  /** Non-zero exit codes that are a normal answer, e.g. `ps -p` exits 1 when nothing matched. */
  acceptExitCodes?: readonly number[];
  /**
   * `LC_ALL` for this call: `C` (the default) or `C.UTF-8`, for the rare tool
   * whose C-locale output loses information (`who` drops the year). A system
   * without `C.UTF-8` silently uses `C`, so parsers must accept both outputs.
   */
  locale?: 'C' | 'C.UTF-8';
}

/** Runs `file` with `args` (no shell) and resolves with its output, or rejects with a psnode error. */
export type CommandRunner = (file: string, args: readonly string[], options?: RunOptions) => Promise<CommandResult>;

/** Settings of a runner, fixed when it is created. */
export interface ExecFileRunnerOptions {
  /** Time limit of each command, ms. */
  timeoutMs?: number;
  /** Most bytes of stdout (and, separately, stderr) accepted. */
  maxBufferBytes?: number;
  /** Children at a time for this runner alone; default: the limit shared by every runner of this thread. */
  concurrency?: number;
}

/** Default time limit of one command. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default output bound: far above any tool we run, far below memory trouble. */
export const DEFAULT_MAX_BUFFER_BYTES = 32 * 1024 * 1024;
/** Default number of children running at once per thread. */
export const DEFAULT_CONCURRENCY = 4;
/** Bytes of stderr kept in a `CommandFailed`. */
const STDERR_KEPT_CHARS = 4096;

const utf8 = new TextDecoder('utf-8');

/** The command as one string, for messages and fixture keys. */
export function formatCommand(file: string, args: readonly string[]): string {
  return [file, ...args].join(' ');
}

function childEnv(locale: 'C' | 'C.UTF-8'): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: locale, LANG: 'C' };
}

// p-limit is ESM-only: module node16 keeps this `import()` a real dynamic
// import in the CommonJS output. One limiter per module instance = per thread.
let sharedLimiter: Promise<LimitFunction> | undefined;

async function createLimiter(concurrency: number): Promise<LimitFunction> {
  const { default: pLimit } = await import('p-limit');
  return pLimit(concurrency);
}

function threadLimiter(): Promise<LimitFunction> {
  sharedLimiter ??= createLimiter(DEFAULT_CONCURRENCY);
  return sharedLimiter;
}

/**
 * Kills the child and lets go of its pipes at once. `execFile` cannot put the
 * child in its own process group, so a grandchild (`sh -c 'sleep 5'` under
 * dash) may outlive it holding the pipes; closing our ends means neither the
 * caller nor the event loop waits for it.
 */
function killChild(child: ChildProcess): void {
  child.kill('SIGKILL');
  child.stdout?.destroy();
  child.stderr?.destroy();
}

function abortErrorFor(command: string, signal: AbortSignal): AbortError {
  return new AbortError(`command '${command}' was aborted`, { cause: signal.reason });
}

/** Maps a failure reported by `execFile` to the error callers see. */
function failureToError(command: string, file: string, error: ExecFileException, stderr: string): CommandFailed {
  const kept = stderr.slice(0, STDERR_KEPT_CHARS);
  switch (error.code) {
    case 'ENOENT':
      return new CommandFailed(command, null, null, kept, `cannot run: '${file}' is not installed (not found on PATH)`);
    case 'EACCES':
      return new CommandFailed(command, null, null, kept, `cannot run: '${file}' is not executable`);
    case 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER':
      return new CommandFailed(
        command,
        null,
        null,
        kept,
        `produced more output than the ${error.message.includes('stderr') ? 'stderr' : 'stdout'} limit allows`,
      );
  }
  if (typeof error.code === 'number') return new CommandFailed(command, error.code, null, kept);
  if (error.signal) return new CommandFailed(command, null, error.signal, kept);
  return new CommandFailed(command, null, null, kept, `could not be run: ${error.message}`);
}

interface SpawnSettings {
  timeoutMs: number;
  maxBufferBytes: number;
}

/** One child: resolves on an accepted exit, rejects on anything else. Settles once. */
function spawnCommand(
  file: string,
  args: readonly string[],
  settings: SpawnSettings,
  options: RunOptions,
): Promise<CommandResult> {
  const command = formatCommand(file, args);
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortErrorFor(command, signal));
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    const child = execFile(
      file,
      [...args],
      {
        encoding: 'buffer',
        env: childEnv(options.locale ?? 'C'),
        maxBuffer: settings.maxBufferBytes,
        windowsHide: true,
      },
      (error, stdoutBytes, stderrBytes) => {
        const stdout = utf8.decode(stdoutBytes);
        const stderr = utf8.decode(stderrBytes);
        const exitCode = error === null ? 0 : error.code;
        if (typeof exitCode === 'number' && (exitCode === 0 || options.acceptExitCodes?.includes(exitCode))) {
          settle(() => resolve({ stdout, stderr, exitCode, pid: child.pid ?? null }));
        } else {
          settle(() => reject(failureToError(command, file, error ?? new Error('unknown failure'), stderr)));
        }
      },
    );
    const seconds = settings.timeoutMs / 1000;
    const timer = setTimeout(() => {
      killChild(child);
      settle(() =>
        reject(
          new TimeoutExpired(seconds, null, null, `command '${command}' did not finish within ${seconds} seconds`),
        ),
      );
    }, settings.timeoutMs);
    const onAbort = (): void => {
      killChild(child);
      settle(() => reject(abortErrorFor(command, signal as AbortSignal)));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Rejects with `AbortError` as soon as `signal` fires, even while `work` still waits for a slot. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined, command: string): Promise<T> {
  if (signal === undefined) return work;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(abortErrorFor(command, signal));
    // `work` settles too (it sees the aborted signal before spawning), so it is always handled.
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Creates the real runner: `execFile` with the policy described at the top of this file. */
export function createExecFileRunner(options: ExecFileRunnerOptions = {}): CommandRunner {
  const settings: SpawnSettings = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBufferBytes: options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES,
  };
  const limiter = options.concurrency === undefined ? threadLimiter() : createLimiter(options.concurrency);
  return (file, args, runOptions = {}) => {
    const queued = limiter.then((limit) => limit(() => spawnCommand(file, args, settings, runOptions)));
    return raceAbort(queued, runOptions.signal, formatCommand(file, args));
  };
}

export {
  createFixtureRunner,
  createFixtureRunnerFromManifest,
  type FixtureOutput,
  type FixtureRunner,
} from './fixture-runner';
