/**
 * The pool's worker entry (Piscina loads this file in each thread). Each
 * thread creates its own backends: the addon is context-aware and keeps no
 * global state, so every worker holds its own copy.
 */
import { threadId } from 'node:worker_threads';
import { toErrorData } from '../api/errors';
import { getBackend } from '../backends';
import type { Backend } from '../backends/types';
import type { Job, JobResult } from './protocol';

function spin(milliseconds: number): void {
  const end = Date.now() + milliseconds;
  while (Date.now() < end) {
    // Busy on purpose: the thread cannot take another message, like a long native call.
  }
}

async function perform(job: Job): Promise<unknown> {
  switch (job.kind) {
    case 'ping':
      return threadId;
    case 'spin':
      spin(job.milliseconds);
      return threadId;
    case 'call': {
      const backend = getBackend(job.backend, job.roots);
      const method = backend[job.method] as (this: Backend, ...args: unknown[]) => unknown;
      return await method.apply(backend, [...job.args]);
    }
  }
}

export default async function handleJob(job: Job): Promise<JobResult> {
  try {
    return { ok: true, value: await perform(job) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}
