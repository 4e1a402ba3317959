/**
 * Send pacing (CONTRACTS §3). First version: no pacing, the send runs once. The pacing branch
 * replaces this body (wait and retry `throttled` results up to `maxWaitMs`).
 */
import type { SendResult } from './task-outcome.js';

export interface PacingHooks {
  waiting(reason: string): Promise<void> | void;
}
export interface PacingLimits {
  maxWaitMs: number;
}

/** Default bound on how long a task may wait for channel capacity. */
export const DEFAULT_MAX_SEND_WAIT_MS = 60 * 60 * 1000;

export async function sendPaced(
  send: () => Promise<SendResult>,
  _hooks: PacingHooks,
  _limits: PacingLimits,
): Promise<SendResult> {
  return send();
}
