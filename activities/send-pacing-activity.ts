/**
 * The activity side of send pacing: take a slot in the channel's shared bucket, wait for it briefly
 * or hand the wait back to the workflow, pass the rate gate right before each HTTP attempt, send, and
 * turn a "too fast" answer into a pause of the whole channel (every worker's next reservation starts
 * after it). The workflow side is workflows/send-pacing.ts.
 */
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { IN_ACTIVITY_HORIZON_MS, type SendBucket } from '../store/send-bucket/rules.js';
import type { SendResult, ThrottledSend } from '../workflows/task-outcome.js';
import { sendToChannel, type SendRequest } from './d360-send.js';
import { isClaimedElsewhere, type SendClaim } from './send-claim.js';

/** Meta's pair rate limit: only the recipient waits, the channel keeps its pace. */
const PAIR_RATE_LIMIT = 131056;

export interface PacedSend {
  bucket: SendBucket;
  taskId: string;
  channelId: string;
  ratePerSecond: number;
  send: SendRequest;
  log: Logger;
  metrics?: Metrics | undefined;
  /** Taken right before the first request leaves (activities/send-claim.ts); unset outside an activity. */
  claim?: SendClaim | undefined;
}

export async function pacedSend(p: PacedSend): Promise<SendResult> {
  const slot = await takeSlot(p);
  if (slot.kind === 'throttled') return slot;
  const gate = gatedFetch(p, slot.holdId);
  const result = await sendToChannel({ ...p.send, fetch: gate.fetch });
  // Another attempt holds the claim: nothing left on this one, and it must not look like a lost send.
  if (gate.claimedElsewhere) throw gate.claimedElsewhere;
  // The gate stopped an attempt before it left: nothing went out on it, and every earlier attempt
  // was refused or never sent (sendToChannel retries only those), so nothing was accepted.
  if (gate.closed) return gate.closed;
  if (gate.failed !== undefined)
    throw gate.failed instanceof Error ? gate.failed : new Error('send gate failed');
  if (result.kind === 'throttled') await slowDown(p, result);
  else if (result.kind === 'rejected' && result.detail !== undefined)
    p.metrics?.channelRateLimits.inc({ channel_id: p.channelId, code: 'spam' });
  return result;
}

/**
 * Waits for the task's slot in the channel's bucket, or says when to come back. A slot overslept (a
 * busy worker, a long GC pause) is still used, late: the gate below keeps the rate whatever the
 * timing, and giving the slot up would leave it unused (the slow drain of issue 13).
 */
async function takeSlot(p: PacedSend): Promise<{ kind: 'go'; holdId?: string } | ThrottledSend> {
  const { channelId, ratePerSecond } = p;
  const admit = { maxInFlightMs: p.send.policy.timeoutMs };
  const slot = await p.bucket.reserveSendSlot({ channelId, taskId: p.taskId, ratePerSecond, admit });
  if (slot.kind === 'later') {
    p.metrics?.sendsThrottled.inc({ channel_id: channelId, reason: 'send_rate' });
    return bucketFull(ratePerSecond, slot.retryAfterMs, slot.slotInMs);
  }
  p.metrics?.sendPacingWait.observe({ channel_id: channelId }, slot.waitMs / 1000);
  if (slot.waitMs > 0) await p.send.sleep(slot.waitMs);
  return slot.holdId !== undefined ? { kind: 'go', holdId: slot.holdId } : { kind: 'go' };
}

/**
 * `fetch` behind the channel's rate gate (store/send-bucket/send-gate.ts): every HTTP attempt, a
 * 503's quick retry too, takes a place right before it leaves and gives it back once answered. A
 * gate wait longer than the in-activity horizon (a 429 pause) is handed back to the workflow as
 * `closed`; a store failure is kept in `failed` and rethrown by the caller, never taken for a send
 * lost on the wire.
 */
interface Gate {
  fetch: typeof fetch;
  closed?: ThrottledSend;
  failed?: unknown;
  claimedElsewhere?: Error;
}

function gatedFetch(p: PacedSend, firstHoldId: string | undefined): Gate {
  // A slot due at once came with its place at the gate (reserveSendSlot's `admit`): the first
  // attempt uses it; retries ask the gate again.
  let preAdmitted = firstHoldId;
  const gate: Gate = {
    fetch: async (input, init) => {
      const given = preAdmitted;
      preAdmitted = undefined;
      const holdId =
        given ??
        (await admitted(p).catch((err: unknown) => {
          gate.failed = err;
          throw err;
        }));
      if (typeof holdId !== 'string') {
        gate.closed = holdId;
        throw new Error(holdId.reason);
      }
      try {
        // From here on the message may reach the channel: claim it for this attempt first (the
        // first request only; a quick retry after a 503 shares the answer). A store failure is kept
        // in `failed` like the gate's: nothing left, so Temporal's next attempt may send.
        await p.claim?.take().catch((err: unknown) => {
          if (isClaimedElsewhere(err)) gate.claimedElsewhere = err;
          else gate.failed = err;
          throw err;
        });
        // The attempt's timeout starts when it leaves: time spent at the gate is not the channel's.
        const signal = AbortSignal.timeout(p.send.policy.timeoutMs);
        return await p.send.fetch(input, { ...init, signal });
      } finally {
        // Not awaited: the body is still to be read under the attempt's timeout, and the store may be
        // busy. Recorded a little later only holds the place a little longer. If it fails, the place
        // ends by itself after the request timeout: less capacity for a while, never a lost send.
        void p.bucket.sendAnswered(p.channelId, holdId).catch((err: unknown) => {
          p.log.warn('send gate: answer not recorded', { err });
        });
      }
    },
  };
  return gate;
}

/** Waits at the gate (heartbeating) until a place is free; a long pause is handed back instead. */
async function admitted(p: PacedSend): Promise<string | ThrottledSend> {
  const { channelId, ratePerSecond } = p;
  for (;;) {
    const gate = await p.bucket.admitSend({
      channelId,
      ratePerSecond,
      maxInFlightMs: p.send.policy.timeoutMs,
    });
    if (gate.kind === 'pass') return gate.holdId;
    if (gate.waitMs > IN_ACTIVITY_HORIZON_MS)
      return { ...bucketFull(ratePerSecond, gate.waitMs, gate.waitMs), reason: PAUSED_REASON };
    p.metrics?.sendPacingWait.observe({ channel_id: channelId }, gate.waitMs / 1000);
    await p.send.sleep(gate.waitMs);
  }
}

const PAUSED_REASON = 'channel rate limit: the channel is paused after a "too many requests" answer';

function bucketFull(ratePerSecond: number, retryAfterMs: number, slotInMs: number): ThrottledSend {
  return {
    kind: 'throttled',
    httpStatus: null,
    code: null,
    retryAfterMs,
    reason: `channel send rate (${ratePerSecond}/s): queued, the next free slot is in ${Math.ceil(slotInMs / 1000)} s`,
    channelResponse: null,
  };
}

/** A pair limit holds back only this recipient; anything else pauses the channel for every worker. */
async function slowDown(p: PacedSend, result: ThrottledSend): Promise<void> {
  const pair = result.code === PAIR_RATE_LIMIT;
  p.metrics?.channelRateLimits.inc({
    channel_id: p.channelId,
    code: String(result.code ?? result.httpStatus),
  });
  p.metrics?.sendsThrottled.inc({ channel_id: p.channelId, reason: pair ? 'recipient' : 'channel' });
  p.log.warn('channel rate limit: the send waits', {
    httpStatus: result.httpStatus,
    code: result.code,
    retryAfterMs: result.retryAfterMs,
    scope: pair ? 'recipient' : 'channel',
  });
  if (!pair) await p.bucket.pauseChannel(p.channelId, result.retryAfterMs);
}
