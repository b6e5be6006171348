/** Child processes for process tests: plain, oddly named, undecodable, zombie, gone. */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { procState } from './procs';

const started: ChildProcess[] = [];
const folders: string[] = [];

/** Kills every child this module started and removes its folders. */
export function cleanupChildren(): void {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

function track(child: ChildProcess): ChildProcess {
  started.push(child);
  child.on('error', () => undefined);
  return child;
}

export function tempFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'psnode-proc-'));
  folders.push(folder);
  return folder;
}

/** Waits until /proc/<pid>/stat shows one of `states` (e.g. 'S' once exec'd and asleep). */
export async function waitForState(pid: number, states: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const state = procState(pid);
    if (state !== null && states.includes(state)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`pid ${pid} never reached state ${states}`);
}

/** A `sleep 60`, asleep, with an extra environment variable. */
export async function sleeper(env: Record<string, string> = {}): Promise<ChildProcess & { pid: number }> {
  const child = track(spawn('sleep', ['60'], { env: { ...process.env, ...env }, stdio: 'ignore' }));
  await waitForState(child.pid as number, 'S');
  return child as ChildProcess & { pid: number };
}

/** `sleep` copied to an executable whose file name has spaces and parentheses: its kernel name does too. */
export async function oddlyNamed(): Promise<{ pid: number; name: string }> {
  const folder = tempFolder();
  const name = 'a b) (c';
  copyFileSync('/bin/sleep', path.join(folder, name));
  const child = track(spawn(path.join(folder, name), ['60'], { stdio: 'ignore' }));
  await waitForState(child.pid as number, 'S');
  return { pid: child.pid as number, name };
}

/** The script the undecodable process runs. */
export const ODD_LOOP = 'while :; do sleep 1; done';

/**
 * A process whose executable name, cwd, command line and environment hold the
 * byte 0xff, which is not UTF-8: built by sh, since node's spawn takes strings.
 */
export async function undecodable(): Promise<{ pid: number; folder: string }> {
  const folder = tempFolder();
  const script = [
    `dir="$(printf '${folder}/d\\377ir')"`,
    'mkdir "$dir"',
    `cp /bin/sh "$(printf '${folder}/sl\\377ep')"`,
    'cd "$dir"',
    `export PSNODE_ODD="$(printf 'x\\377y')"`,
    // A shell loop keeps this process (the copy of sh) alive and asleep, with an odd last argument.
    `exec "$(printf '${folder}/sl\\377ep')" -c '${ODD_LOOP}' "$(printf 'arg\\377')"`,
  ].join('; ');
  const child = track(spawn('sh', ['-c', script], { stdio: 'ignore' }));
  const pid = child.pid as number;
  // Until the final exec, the process is still `sh` (and sleeps while waiting for mkdir and cp).
  const end = Date.now() + 5000;
  const exe = () => {
    try {
      return readlinkSync(`/proc/${pid}/exe`);
    } catch {
      throw new Error('the undecodable process died before it started');
    }
  };
  while (!exe().startsWith(folder)) {
    if (Date.now() > end) throw new Error('the undecodable process never started');
    await new Promise((r) => setTimeout(r, 10));
  }
  await waitForState(pid, 'S');
  return { pid, folder };
}

/** A zombie: a short `sleep` started by sh, which then execs a long one that never reaps it. */
export async function zombie(): Promise<{ pid: number; parent: number }> {
  const child = track(
    spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] }),
  );
  const pid = await new Promise<number>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(Number(d))));
  await waitForState(pid, 'Z');
  return { pid, parent: child.pid as number };
}

/** A shell with a sleeping child: a two-level tree. */
export async function family(): Promise<{ parent: number; child: number }> {
  const shell = track(spawn('sh', ['-c', 'sleep 60 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] }));
  const child = await new Promise<number>((resolve) => shell.stdout?.once('data', (d: Buffer) => resolve(Number(d))));
  await waitForState(child, 'S');
  return { parent: shell.pid as number, child };
}

/** A pid that existed and is gone: started, killed and reaped. */
export async function finished(): Promise<number> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  await waitForState(child.pid as number, 'S');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return child.pid as number;
}
