/**
 * The activity side of send pacing: take a slot in the channel's shared bucket, wait for it briefly
 * or hand the wait back to the workflow, send, and turn a "too fast" answer into a pause of the whole
 * channel (every worker's next reservation starts after it). The workflow side is
 * workflows/send-pacing.ts.
 */
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import { LATE_TOLERANCE_MS, type SendBucket } from '../store/send-bucket/rules.js';
import type { SendResult, ThrottledSend } from '../workflows/task-outcome.js';
import { sendToChannel, type SendRequest } from './d360-send.js';

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
}

export async function pacedSend(p: PacedSend): Promise<SendResult> {
  const slot = await takeSlot(p);
  if (slot.kind === 'throttled') return slot;
  const result = await sendToChannel(p.send);
  if (result.kind === 'throttled') await slowDown(p, result);
  else if (result.kind === 'rejected' && result.detail !== undefined)
    p.metrics?.channelRateLimits.inc({ channel_id: p.channelId, code: 'spam' });
  return result;
}

/**
 * Waits for a slot of the channel's bucket, or says when to come back. A slot overslept (a busy
 * worker, a long GC pause) is not used late: sends that were meant to be spread would then leave
 * together and crowd one second. The task takes a fresh slot instead, a few times at most.
 */
async function takeSlot(p: PacedSend): Promise<{ kind: 'go' } | ThrottledSend> {
  const { channelId, ratePerSecond } = p;
  for (let tries = 1; ; tries++) {
    const slot = await p.bucket.reserveSendSlot({ channelId, taskId: p.taskId, ratePerSecond });
    if (slot.kind === 'later') {
      p.metrics?.sendsThrottled.inc({ channel_id: channelId, reason: 'send_rate' });
      return bucketFull(ratePerSecond, slot.retryAfterMs, slot.slotInMs);
    }
    p.metrics?.sendPacingWait.observe({ channel_id: channelId }, slot.waitMs / 1000);
    const due = Date.now() + slot.waitMs;
    if (slot.waitMs > 0) await p.send.sleep(slot.waitMs);
    const lateMs = Date.now() - due;
    if (lateMs <= LATE_TOLERANCE_MS) return { kind: 'go' };
    p.log.warn('send slot missed: taking another', { lateMs, tries });
    if (tries >= MAX_SLOT_TRIES) return { ...bucketFull(ratePerSecond, 1_000, 1_000), reason: BUSY_REASON };
  }
}

const MAX_SLOT_TRIES = 3;
const BUSY_REASON = 'channel send rate: this worker was too busy to send in its slot, trying again';

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
