/**
 * The body of a build thread (see `build-pool.ts`): receives build jobs, answers with the result of
 * the pure `buildTemplateRequest`. Imports nothing but the build itself, so a thread starts fast
 * and holds no connection, key or secret.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BuildLimits } from './build-limits.js';
import { buildTemplateRequest, type BuildInput, type BuildResult } from './template-request.js';

/** Marks a thread started by the pool, so importing this file anywhere else does nothing. */
export const BUILD_WORKER_ROLE = 'wa-notify-build';

export interface BuildJob {
  id: number;
  input: BuildInput;
  limits: BuildLimits;
}

export type BuildReply =
  { ready: true } | { id: number; result: BuildResult } | { id: number; error: string };

/** One job: the build's own result, or the text of an unexpected error (a bug, not a bound). */
export function runJob(job: BuildJob): BuildReply {
  try {
    return { id: job.id, result: buildTemplateRequest(job.input, job.limits) };
  } catch (err) {
    return { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
}

const port = parentPort;
if (port && (workerData as { role?: unknown } | null)?.role === BUILD_WORKER_ROLE) {
  port.on('message', (job: BuildJob) => port.postMessage(runJob(job)));
  // The pool starts a job's clock only once the thread is ready, so a slow start is not a slow build.
  port.postMessage({ ready: true } satisfies BuildReply);
}
