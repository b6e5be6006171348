/**
 * Helpers for the `find` command lines of the disk and sensors methods: GNU
 * find reads a directory tree, lists names (`-printf`) and hands files to
 * `grep -sHZ ''` (`-exec … {} +`), all without a shell.
 */
import { CommandFailed } from '../../../api/errors';
import type { CommandResult } from '../runner';

/** A literal path inside a `find -path` pattern: `*`, `?`, `[` and `\` escaped. */
export function globLiteral(path: string): string {
  return path.replace(/[*?[\\]/g, '\\$&');
}

/** `-exec grep -sHZ '' {} +`: every line of each file as `path NUL line`; unreadable files silently skipped. */
export const GREP_FILES = ['-exec', 'grep', '-sHZ', '', '{}', '+'] as const;

/** `( -name a -o -name b … )`. */
export function anyName(names: readonly string[]): string[] {
  const tests = names.flatMap((name, i) => (i === 0 ? ['-name', name] : ['-o', '-name', name]));
  return ['(', ...tests, ')'];
}

/**
 * Messages find prints for trees that are partly missing or unreadable, or
 * for a symbolic link loop it skipped: psutil skips those too, so they are
 * not failures. In the C locale find quotes paths with '…'; only absolute
 * paths count (`find: 'grep': No such file or directory` is a missing tool).
 */
const HARMLESS = /^find: '\/.*': (No such file or directory|Permission denied)$|^find: File system loop detected;/;

/**
 * find exits 1 when a start point is missing, a directory cannot be read, or
 * grep (which it ran) could not read a file; its stdout is still complete for
 * everything else. Any other message is a real failure.
 */
export function checkFindResult(command: string, result: CommandResult): void {
  if (result.exitCode === 0) return;
  const problems = result.stderr.split('\n').filter((line) => line.trim() !== '' && !HARMLESS.test(line));
  if (problems.length > 0) throw new CommandFailed(command, result.exitCode, null, result.stderr);
}
