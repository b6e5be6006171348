/** Runs commands and node scripts for oracle and process-level tests. */
import { execFileSync, spawnSync } from 'node:child_process';
import { ROOT } from './psnode';

/** Output of a standard tool, in the C locale. */
export function tool(file: string, args: string[] = []): string {
  return execFileSync(file, args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
}

/** Runs a CommonJS snippet in a fresh node process that has `psnode` (dist) as `ps`. */
export function runNode(
  code: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 20_000,
): { status: number | null; stdout: string; stderr: string; ms: number } {
  const script = `const ps = require(${JSON.stringify(`${ROOT}/dist/index.js`)});\n${code}`;
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: timeoutMs,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}
