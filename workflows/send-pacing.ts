/**
 * A rate limit is back-pressure, never a lost message (issue 13, CONTRACTS §3). The send activity
 * answers `throttled` when 360dialog said "too fast" (nothing was accepted) or when the channel's
 * shared send bucket has no slot soon; this loop then waits on a durable timer (no worker is held,
 * a worker restart loses nothing) and asks again, until the send goes through or the wait bound is
 * spent. Only past the bound does the task fail, as "channel error 429" with the channel's body.
 */
import { metricMeter, sleep } from '@temporalio/workflow';
import { throttledToRejected, type SendResult } from './task-outcome.js';

/** About an hour: long enough to outlast a burst or a short Meta throttle, short enough to alert. */
export const DEFAULT_MAX_SEND_WAIT_MS = 60 * 60 * 1000;

/** No timer shorter than this: a channel that says "retry now" must not spin the workflow. */
export const MIN_PACING_WAIT_MS = 200;

export interface PacingHooks {
  /** The task now waits for channel capacity; `reason` is shown in the task status. */
  waiting(reason: string): Promise<void> | void;
}

export interface PacingLimits {
  /** Total time a task may wait for capacity before it fails (default {@link DEFAULT_MAX_SEND_WAIT_MS}). */
  maxWaitMs: number;
}

/** What to do after one send attempt: hand the result back, or sleep and try again. */
export type PacingStep =
  { action: 'done'; result: SendResult } | { action: 'wait'; ms: number; reason: string };

/**
 * The pure rule behind {@link sendPaced}. A throttled send waits as long as the channel (or the
 * bucket's reserved slot) asks, at least {@link MIN_PACING_WAIT_MS}, but never past the bound: the
 * last wait is cut to what is left, so a task gets one more attempt exactly at the bound and then
 * fails with the channel's last answer.
 */
export function nextPacingStep(result: SendResult, waitedMs: number, limits: PacingLimits): PacingStep {
  if (result.kind !== 'throttled') return { action: 'done', result };
  const left = limits.maxWaitMs - waitedMs;
  if (left <= 0) return { action: 'done', result: throttledToRejected(result, waitedMs) };
  const ms = Math.min(Math.max(result.retryAfterMs, MIN_PACING_WAIT_MS), left);
  return { action: 'wait', ms, reason: result.reason };
}

/**
 * Sends through `send` until it is not throttled or `limits.maxWaitMs` of workflow time has passed.
 * Never returns `throttled`. The waiting time (workflow time, so replay-safe) is exported as a
 * histogram by the SDK's metric meter, which does not record again on replay.
 */
export async function sendPaced(
  send: () => Promise<SendResult>,
  hooks: PacingHooks,
  limits: PacingLimits,
): Promise<SendResult> {
  const started = Date.now();
  let waited = false;
  for (;;) {
    const step = nextPacingStep(await send(), Date.now() - started, limits);
    if (step.action === 'done') {
      if (waited) recordWait(Date.now() - started, step.result);
      return step.result;
    }
    waited = true;
    await hooks.waiting(step.reason);
    await sleep(step.ms);
  }
}

function recordWait(ms: number, result: SendResult): void {
  metricMeter
    .createHistogram(
      'wa_notify_send_pacing_wait',
      'float',
      'seconds',
      'Time a send waited for channel capacity (rate limits), by final outcome',
    )
    .record(ms / 1000, { outcome: result.kind });
}
