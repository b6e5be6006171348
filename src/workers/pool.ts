/**
 * The worker pool: Piscina, created on first use. Idle workers are unref'd by
 * Piscina, so an idle pool never keeps the process alive; a running job does.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { AbortError, fromErrorData, TimeoutExpired } from '../api/errors';
import type { CallOptions } from '../api/types';
import type { Job, JobResult } from './protocol';

/** Idle workers exit after this long, so a quiet process holds no threads. */
const IDLE_TIMEOUT_MS = 5_000;

let pool: Piscina<Job, JobResult> | null = null;
let maxThreads = Math.max(2, availableParallelism());

function getPool(): Piscina<Job, JobResult> {
  pool ??= new Piscina<Job, JobResult>({
    filename: path.join(__dirname, 'worker.js'),
    minThreads: 0,
    maxThreads,
    idleTimeout: IDLE_TIMEOUT_MS,
  });
  return pool;
}

/** Changes the pool's size; a running pool is closed (its jobs finish) and the next call starts a new one. */
export function setMaxThreads(threads: number): void {
  if (threads === maxThreads) return;
  maxThreads = threads;
  void closePool();
}

/** Ends the pool: queued and running jobs finish first. Safe to call when no pool exists. */
export async function closePool(): Promise<void> {
  const current = pool;
  pool = null;
  if (current) await current.close();
}

/**
 * Runs one job in the pool. A fired `signal` or `timeout` rejects with
 * `AbortError` or `TimeoutExpired`; if the job was running, Piscina ends its
 * worker (native code already running finishes first) and later jobs get a
 * fresh one.
 */
export async function runJob(job: Job, options: CallOptions = {}): Promise<unknown> {
  const { signal, timeout } = options;
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeout === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeout);
  const forwardAbort = () => controller.abort();
  signal?.addEventListener('abort', forwardAbort, { once: true });
  let result: JobResult;
  try {
    result = await getPool().run(job, { signal: controller.signal });
  } catch (error) {
    if (timedOut) throw new TimeoutExpired((timeout ?? 0) / 1000, null, null, `call timed out after ${timeout} ms`);
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }
  if (!result.ok) throw fromErrorData(result.error);
  return result.value;
}
