/**
 * The package as users get it. {@link packedTarball} runs `npm pack` (its
 * `prepack` prebuild and `prepare` build included) in a fresh copy of this
 * repository's files, as a clone would have them, once per test run: every
 * packaging test file shares that tarball. The copy keeps `npm pack` away
 * from this tree's dist/ and build/, which other test files are reading.
 *
 * `PSNODE_TEST_TARBALL` names a tarball to use instead (the Node matrix packs
 * once and tests that one file under every Node version).
 */
import { execFileSync, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** This repository (the packaging tests need no build of it: they pack their own). */
export const ROOT = path.join(__dirname, '..', '..');

const { copyClone } = createRequire(__filename)(path.join(ROOT, 'scripts', 'copy-clone.js')) as {
  copyClone: (dest: string) => string;
};

/** Longest a pack may take before waiting test files give up (a busy 2-core machine). */
const PACK_TIMEOUT_MS = 8 * 60_000;

/** The environment of a user's shell: no psnode overrides, no variables of the npm running this test. */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('PSNODE_') || key.startsWith('npm_') || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the pack folders of test runs that have ended. */
function removeStalePacks(): void {
  for (const name of readdirSync(tmpdir())) {
    const match = /^psnode-pack-(\d+)$/.exec(name);
    if (match && !isAlive(Number(match[1]))) rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
  }
}

async function packInto(dir: string): Promise<string> {
  const source = copyClone(path.join(dir, 'source'));
  const out = path.join(dir, 'out');
  mkdirSync(out);
  const child = spawn('npm', ['pack', '--pack-destination', out], {
    cwd: source,
    env: userEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  writeFileSync(path.join(dir, 'pack.log'), output);
  const tarball = readdirSync(out).find((name) => name.endsWith('.tgz'));
  if (code !== 0 || !tarball) throw new Error(`npm pack exited with ${code}:\n${output.slice(-4000)}`);
  return path.join(out, tarball);
}

/**
 * The tarball of this run: the first caller packs, the others wait for it.
 * Keyed by the pid of the vitest process (the parent of every test fork).
 */
export async function packedTarball(): Promise<string> {
  const given = process.env.PSNODE_TEST_TARBALL;
  if (given) return path.resolve(given);
  const dir = path.join(tmpdir(), `psnode-pack-${process.ppid}`);
  const done = path.join(dir, 'tarball.txt');
  const failed = path.join(dir, 'failed.txt');
  let mine = false;
  try {
    mkdirSync(dir);
    mine = true;
  } catch {
    // Another test file of this run is packing, or has packed.
  }
  if (mine) {
    removeStalePacks();
    try {
      const tarball = await packInto(dir);
      writeFileSync(done, tarball);
      return tarball;
    } catch (error) {
      writeFileSync(failed, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
  const deadline = Date.now() + PACK_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (existsSync(done)) return readFileSync(done, 'utf8');
    if (existsSync(failed)) throw new Error(`packing failed in another test file: ${readFileSync(failed, 'utf8')}`);
    await sleep(250);
  }
  throw new Error(`no tarball in ${dir} after ${PACK_TIMEOUT_MS / 1000} s`);
}

/** Paths inside the tarball, without the leading `package/`. */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
}

/** The same tarball without prebuilds/: a machine no prebuild fits. */
export function tarballWithoutPrebuilds(tarball: string, work: string): string {
  const unpacked = mkdtempSync(path.join(work, 'unpacked-'));
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
  rmSync(path.join(unpacked, 'package', 'prebuilds'), { recursive: true, force: true });
  const stripped = path.join(work, `no-prebuilds-${path.basename(tarball)}`);
  execFileSync('tar', ['-czf', stripped, '-C', unpacked, 'package']);
  return stripped;
}

/** A folder on PATH whose compilers and make fail, as on a machine that has none. */
export function compilerlessPath(work: string): string {
  const shims = mkdtempSync(path.join(work, 'no-compiler-bin-'));
  for (const tool of ['cc', 'gcc', 'c++', 'g++', 'clang', 'clang++', 'make']) {
    const file = path.join(shims, tool);
    writeFileSync(
      file,
      `#!/bin/sh\necho "${tool}: not installed (removed by the psnode install test)" >&2\nexit 127\n`,
    );
    chmodSync(file, 0o755);
  }
  return `${shims}:${process.env.PATH}`;
}

/** A PATH holding `node` and nothing else: none of the tools the exec backend runs. */
export function nodeOnlyPath(work: string): string {
  const bin = mkdtempSync(path.join(work, 'node-only-bin-'));
  symlinkSync(process.execPath, path.join(bin, 'node'));
  return bin;
}

/** A new, empty project: `package.json` with `fields`, plus `files` (relative name → text). */
export function createApp(
  work: string,
  name: string,
  fields: Record<string, unknown> = {},
  files: Record<string, string> = {},
): string {
  const app = path.join(work, name);
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name, private: true, ...fields }, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
    writeFileSync(path.join(app, file), text);
  }
  return app;
}

/** `npm install <specs>` in `app`, install scripts shown, from the cache where it can. */
export function npmInstall(app: string, specs: string[], env: NodeJS.ProcessEnv = userEnv()): SpawnSyncReturns<string> {
  return spawnSync(
    'npm',
    ['install', ...specs, '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts'],
    {
      cwd: app,
      env,
      encoding: 'utf8',
      timeout: 240_000,
    },
  );
}

/**
 * Calls every public function of the one list (bench/functions.mjs) through
 * the installed package in `app` and reports, per function, its result type or
 * its error. Printed as one JSON line, with `backendInfo()` after the calls.
 */
export const CALL_EVERY_FUNCTION = `
import * as ps from 'psnode';
const { FUNCTIONS } = await import(${JSON.stringify(new URL(`file://${ROOT}/bench/functions.mjs`).href)});
const results = [];
for (const f of FUNCTIONS) {
  const started = performance.now();
  try {
    const value = await f.api(ps);
    results.push({ name: f.name, ok: true, type: Array.isArray(value) ? 'array' : typeof value });
  } catch (error) {
    results.push({
      name: f.name,
      ok: false,
      commandFailed: error instanceof ps.CommandFailed,
      code: error?.code,
      message: String(error?.message ?? error),
    });
  }
  results.at(-1).ms = Math.round(performance.now() - started);
}
console.log(JSON.stringify({ info: ps.backendInfo(), results }));
await ps.close();
`;

export interface CallReport {
  info: { name: 'native' | 'exec'; reason?: string };
  results: Array<{
    name: string;
    ok: boolean;
    type?: string;
    commandFailed?: boolean;
    code?: string;
    message?: string;
    ms: number;
  }>;
}
