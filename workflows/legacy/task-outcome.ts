// FROZEN: the previous version, kept so running executions complete. Do not edit.
/**
 * SPEC section 4 as pure functions: what a task records after each step. Descriptions are the
 * seed's strings, verbatim (including "couldn't sent").
 */
import type { Branch } from '../slot-snapshot.js';
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
  | { kind: 'rejected'; httpStatus: number; body: unknown }
  | { kind: 'unreachable'; reason: string };

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
