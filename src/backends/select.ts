/**
 * Which backend serves the calls: `configure({ backend })`, else the
 * `PSNODE_BACKEND` environment variable, else `auto` (native if the addon
 * loads, else exec). A forced backend that cannot load is an error, never a
 * silent switch. Decided on the first call, never at import time.
 */
import { BackendUnavailable } from '../api/errors';
import type { BackendInfo } from '../api/types';
import { getBackend } from '.';
import type { Backend } from './types';

export type BackendChoice = 'auto' | 'native' | 'exec';
const CHOICES: readonly string[] = ['auto', 'native', 'exec'];

export interface Selection {
  readonly info: BackendInfo;
  /** The main thread's native backend (default roots), for calls routed inline; `null` when exec serves. */
  readonly native: Backend | null;
}

let configured: BackendChoice | null = null;
let selection: Selection | null = null;

/** Records `configure({ backend })`; the next call selects again. */
export function setBackendChoice(choice: BackendChoice): void {
  configured = choice;
  selection = null;
}

function wanted(): { choice: BackendChoice; source: string } {
  if (configured !== null) return { choice: configured, source: 'configure({ backend })' };
  const fromEnv = process.env.PSNODE_BACKEND;
  if (fromEnv === undefined || fromEnv === '') return { choice: 'auto', source: 'default' };
  if (!CHOICES.includes(fromEnv)) {
    throw new RangeError(`PSNODE_BACKEND must be one of ${CHOICES.join(', ')}; got '${fromEnv}'`);
  }
  return { choice: fromEnv as BackendChoice, source: 'PSNODE_BACKEND' };
}

export function selectBackend(): Selection {
  if (selection) return selection;
  const { choice, source } = wanted();
  if (choice === 'exec') {
    selection = { info: { name: 'exec', reason: `chosen by ${source}` }, native: null };
    return selection;
  }
  try {
    selection = { info: { name: 'native' }, native: getBackend('native') };
  } catch (error) {
    if (choice === 'native' || !(error instanceof BackendUnavailable)) throw error;
    selection = { info: { name: 'exec', reason: error.reason }, native: null };
  }
  return selection;
}
