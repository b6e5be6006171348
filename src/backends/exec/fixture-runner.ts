/**
 * A {@link CommandRunner} that serves canned output instead of running
 * anything: the exec backend's tests inject it to run every method against
 * captured fixtures. It applies the real runner's exit-code and abort policy,
 * and an unknown command fails as a missing tool would.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AbortError, CommandFailed } from '../../api/errors';
import { type CommandResult, type CommandRunner, formatCommand, type RunOptions } from './runner';

/** One canned answer. */
export interface FixtureOutput {
  stdout: string;
  stderr?: string;
  /** Default 0. */
  exitCode?: number;
  /** Default `null`: no real process ran. */
  pid?: number | null;
}

/** A fixture runner, plus the commands it was asked to run, in order. */
export interface FixtureRunner extends CommandRunner {
  /** Every command line asked for (`file args…`), including unknown ones. */
  readonly calls: readonly string[];
}

/** Fixtures keyed by the command line, `file` and `args` joined by single spaces: `'cat /proc/stat'`. */
export type FixtureMap = Readonly<Record<string, string | FixtureOutput>>;

function toResult(fixture: string | FixtureOutput): CommandResult {
  if (typeof fixture === 'string') return { stdout: fixture, stderr: '', exitCode: 0, pid: null };
  return {
    stdout: fixture.stdout,
    stderr: fixture.stderr ?? '',
    exitCode: fixture.exitCode ?? 0,
    pid: fixture.pid ?? null,
  };
}

function answer(fixtures: FixtureMap, command: string, options: RunOptions): CommandResult {
  if (options.signal?.aborted)
    throw new AbortError(`command '${command}' was aborted`, { cause: options.signal.reason });
  const fixture = Object.hasOwn(fixtures, command) ? fixtures[command] : undefined;
  if (fixture === undefined) {
    throw new CommandFailed(
      command,
      null,
      null,
      '',
      `has no fixture (the fixture runner knows: ${Object.keys(fixtures).join(' | ')})`,
    );
  }
  const result = toResult(fixture);
  if (result.exitCode !== 0 && !options.acceptExitCodes?.includes(result.exitCode)) {
    throw new CommandFailed(command, result.exitCode, null, result.stderr);
  }
  return result;
}

/** A runner answering from `fixtures`. */
export function createFixtureRunner(fixtures: FixtureMap): FixtureRunner {
  const calls: string[] = [];
  const run = async (file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> => {
    const command = formatCommand(file, args);
    calls.push(command);
    return answer(fixtures, command, options);
  };
  return Object.assign(run, { calls });
}

/**
 * One manifest entry: a file path (relative to the manifest) whose content is
 * stdout, several paths whose contents are concatenated (as `cat a b`
 * prints them), or an object adding an exit code, stderr or pid.
 */
type ManifestEntry =
  | string
  | string[]
  | { files: string | string[]; exitCode?: number; stderr?: string; pid?: number | null };

function readConcatenated(baseDir: string, files: string | string[]): string {
  return (Array.isArray(files) ? files : [files])
    .map((file) => readFileSync(path.join(baseDir, file), 'utf8'))
    .join('');
}

function loadEntry(baseDir: string, entry: ManifestEntry): FixtureOutput {
  if (typeof entry === 'string' || Array.isArray(entry)) return { stdout: readConcatenated(baseDir, entry) };
  return { ...entry, stdout: readConcatenated(baseDir, entry.files) };
}

/**
 * A runner answering from a JSON manifest such as
 * `test/fixtures/linux/vm-debian12-2cpu.commands.json`:
 * `{ "cat /proc/stat": "proc-stat/vm-debian12-2cpu.txt", ... }`.
 * Every file is read now, so a wrong path fails at once.
 */
export function createFixtureRunnerFromManifest(manifestPath: string): FixtureRunner {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestEntry>;
  const baseDir = path.dirname(manifestPath);
  const fixtures: Record<string, FixtureOutput> = {};
  for (const [command, entry] of Object.entries(manifest)) fixtures[command] = loadEntry(baseDir, entry);
  return createFixtureRunner(fixtures);
}
