import { pauseBucket, reserveSlot, slotInterval, type BucketState, type SendBucket } from './rules.js';

/**
 * The send bucket of one process: the same rules as the store's, on this machine's clock. Enough for
 * one worker; several workers must share the store's bucket to stay under the channel's rate together.
 */
export function createMemorySendBucket(now: () => number = Date.now): SendBucket {
  const buckets = new Map<string, BucketState>();
  const tickets = new Map<string, number>();
  const stateOf = (channelId: string) => buckets.get(channelId) ?? { nextAtMs: null, blockedUntilMs: null };
  return {
    reserveSendSlot({ channelId, taskId, ratePerSecond }) {
      const key = `${channelId}\u0000${taskId}`;
      const state = stateOf(channelId);
      const decision = reserveSlot(state, {
        nowMs: now(),
        intervalMs: slotInterval(ratePerSecond),
        ticketMs: tickets.get(key) ?? null,
      });
      buckets.set(channelId, { ...state, nextAtMs: decision.nextAtMs });
      if (decision.ticketMs === null) tickets.delete(key);
      else tickets.set(key, decision.ticketMs);
      return Promise.resolve(decision.reservation);
    },
    pauseChannel(channelId, pauseMs) {
      buckets.set(channelId, pauseBucket(stateOf(channelId), now(), pauseMs));
      return Promise.resolve();
    },
  };
}
