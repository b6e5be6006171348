/** The typed messages between the main thread and the pool's workers. */
import type { ErrorData } from '../api/errors';
import type { HostRoots } from '../backends/roots';
import type { BackendMethod, BackendName } from '../backends/types';

/**
 * One unit of work for a worker. A whole batch (a full scan, say) is one job.
 * A call carries the procfs/sysfs roots in force when it was made: the worker
 * keeps one backend per (name, roots).
 */
export type Job =
  | { kind: 'call'; backend: BackendName; roots: HostRoots; method: BackendMethod; args: readonly unknown[] }
  /** Answers at once with the worker's thread id: the bare cost of a hop, and a probe for tests. */
  | { kind: 'ping' }
  /** Keeps the worker's thread busy for `milliseconds`, like a stuck native call; for tests of abort and timeout. */
  | { kind: 'spin'; milliseconds: number };

/** A job's outcome. Errors travel as plain data: structured clone would strip their class and fields. */
export type JobResult = { ok: true; value: unknown } | { ok: false; error: ErrorData };
