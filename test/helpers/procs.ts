/** Real processes and threads for tests: a zombie, a thread id, a pid that is gone. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** Reads /proc/<pid>/stat's state letter, or null when the pid is gone. */
export function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * A zombie: `sh` starts a short `sleep` in the background, then execs a long
 * `sleep`, which never reaps it. (The child must outlive the `exec`: dash
 * reaps children that ended before it.) Resolves with the zombie's pid, its
 * parent's, and a cleanup function.
 */
export async function makeZombie(): Promise<{ pid: number; parent: number; kill: () => void }> {
  const child = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(d))));
  for (let i = 0; i < 300 && procState(pid) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10));
  if (procState(pid) !== 'Z') throw new Error(`pid ${pid} did not become a zombie`);
  return { pid, parent: child.pid as number, kill: () => child.kill('SIGKILL') };
}

/** A thread id of this process that is not its pid (a worker thread's). */
export async function makeThread(): Promise<{ tid: number; stop: () => Promise<number> }> {
  const before = new Set(readdirSync('/proc/self/task'));
  const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
  await new Promise((resolve) => worker.once('online', resolve));
  const tid = readdirSync('/proc/self/task')
    .map(Number)
    .find((t) => !before.has(String(t)) && t !== process.pid);
  if (tid === undefined) throw new Error('no new thread found');
  return { tid, stop: () => worker.terminate() };
}

/** A pid that existed a moment ago and is now gone (reaped). */
export async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}
