/**
 * SPEC section 4 as pure functions: what a task records after each step. Descriptions are the
 * seed's strings, verbatim (including "couldn't sent").
 */
import type { Branch } from './slot-snapshot.js';
import { judgeEvent, type ChannelEvent } from './channel-events.js';

/** Task statuses: the SPEC's four plus the states before the channel is asked. */
export type TaskStatus = 'accepted' | 'waiting' | 'sending' | 'sent' | 'delivered' | 'failed' | 'no_account';

/** The seed's "description object". Field names stay snake_case: it is written into the chat context. */
export interface TaskResult {
  description: string;
  channel_response?: unknown;
}

/** What a step decided: the status to record and, once resolved, the branch. */
export interface StepOutcome {
  status: TaskStatus;
  result: TaskResult | null;
  branch?: Branch;
}

/** The send activity's answer, already classified by transport. */
export type SendResult =
  | { kind: 'accepted'; httpStatus: number; body: unknown; messageId?: string; waId?: string }
  /** `detail` names what the code means when the body alone would puzzle a reader (131048: spam rate limit). */
  | { kind: 'rejected'; httpStatus: number; body: unknown; detail?: string }
  | { kind: 'unreachable'; reason: string }
  | ThrottledSend;

/**
 * Back-pressure, not an outcome: 360dialog answered 429 / 130429 / 131056 / its endpoint-rate-limit
 * 400 (nothing was accepted, so a later retry cannot duplicate), or the channel's shared send bucket
 * had no slot within a short wait (`httpStatus: null`). `workflows/send-pacing.ts` waits and asks
 * again; only past the wait bound does it become a `rejected` result (CONTRACTS §3).
 */
export interface ThrottledSend {
  kind: 'throttled';
  httpStatus: number | null;
  /** The Meta / On-Premise code (130429, 131056, 1015 …) when the channel gave one. */
  code: number | null;
  /** When trying again makes sense: the channel's `Retry-After`, or the time of the reserved slot. */
  retryAfterMs: number;
  reason: string;
  channelResponse: unknown;
}

/**
 * A throttled send that ran out of waiting time, as the SPEC's step-1 row for a channel error:
 * "channel error 429" with the channel's last body. A wait that never got an HTTP answer (only the
 * local send bucket said "later") is still a rate limit, so it also reads 429.
 */
export function throttledToRejected(send: ThrottledSend, waitedMs: number): SendResult {
  const code = send.code === null ? '' : ` (code ${send.code})`;
  return {
    kind: 'rejected',
    httpStatus: send.httpStatus ?? 429,
    body: send.channelResponse,
    detail: `rate limited for ${Math.round(waitedMs / 1000)} s, the send wait bound: ${send.reason}${code}`,
  };
}

/** The detail a send leaves in the task status (why it was rejected), if any. */
export function sendDetail(send: SendResult): string | undefined {
  return send.kind === 'rejected' ? send.detail : undefined;
}

export const buildFailed: StepOutcome = {
  status: 'failed',
  result: { description: 'failed to build request' },
  branch: 'fail',
};

export const statusTimedOut: StepOutcome = {
  status: 'failed',
  result: { description: 'no status from channel' },
  branch: 'fail',
};

/** Step 1: the channel's answer to the send request. `sent` has no branch yet: statuses decide. */
export function sendOutcome(send: SendResult): StepOutcome {
  switch (send.kind) {
    case 'accepted':
      return { status: 'sent', result: { description: 'received by channel', channel_response: send.body } };
    case 'rejected':
      return {
        status: 'failed',
        result: { description: `channel error ${send.httpStatus}`, channel_response: send.body },
        branch: 'fail',
      };
    case 'unreachable':
      return { status: 'failed', result: { description: 'channel inaccessible' }, branch: 'fail' };
    case 'throttled':
      // sendPaced never hands one out; should one slip through, it reads as the rate limit it is.
      return sendOutcome(throttledToRejected(send, 0));
  }
}

/** Step 2: the first decisive channel event; `undefined` when the event decides nothing. */
export function eventOutcome(event: ChannelEvent): StepOutcome | undefined {
  switch (judgeEvent(event)) {
    case 'success':
      return {
        status: 'delivered',
        result: { description: 'success', channel_response: event.body },
        branch: 'success',
      };
    case 'fail':
      return {
        status: 'failed',
        result: { description: "channel couldn't sent message", channel_response: event.body },
        branch: 'fail',
      };
    case 'no_account':
      // SPEC: nothing is written to the chat context for no account.
      return { status: 'no_account', result: null, branch: 'no_account' };
    case 'ignore':
      return undefined;
  }
}

/** Statuses arrive out of order and more than once: the first decisive one wins (SPEC section 4). */
export function firstDecisiveOutcome(
  events: ChannelEvent[],
): { outcome: StepOutcome; event: ChannelEvent } | undefined {
  for (const event of events) {
    const outcome = eventOutcome(event);
    if (outcome) return { outcome, event };
  }
  return undefined;
}
