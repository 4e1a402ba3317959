import { randomUUID } from 'node:crypto';
import { pauseBucket, reserveSlot, slotInterval, type BucketState, type SendBucket } from './rules.js';
import { admitSend, answeredUntil, inFlightUntil } from './send-gate.js';

/**
 * The send bucket of one process: the same rules as the store's, on this machine's clock. Enough for
 * one worker; several workers must share the store's bucket to stay under the channel's rate together.
 */
export function createMemorySendBucket(now: () => number = Date.now): SendBucket {
  const buckets = new Map<string, BucketState>();
  const tickets = new Map<string, number>();
  /** Per channel: hold id → until when the place counts (send-gate.ts). */
  const holds = new Map<string, Map<string, number>>();
  const stateOf = (channelId: string) => buckets.get(channelId) ?? { nextAtMs: null, blockedUntilMs: null };
  const holdsOf = (channelId: string) => {
    const places = holds.get(channelId) ?? new Map<string, number>();
    holds.set(channelId, places);
    return places;
  };
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
    admitSend({ channelId, ratePerSecond, maxInFlightMs }) {
      const nowMs = now();
      const places = holdsOf(channelId);
      for (const [id, until] of places) if (until <= nowMs) places.delete(id);
      const gate = admitSend([...places.values()], stateOf(channelId).blockedUntilMs, nowMs, ratePerSecond);
      if (gate.kind === 'wait') return Promise.resolve(gate);
      const holdId = randomUUID();
      places.set(holdId, inFlightUntil(nowMs, maxInFlightMs));
      return Promise.resolve({ kind: 'pass', holdId });
    },
    sendAnswered(channelId, holdId) {
      const places = holdsOf(channelId);
      if (places.has(holdId)) places.set(holdId, answeredUntil(now()));
      return Promise.resolve();
    },
  };
}
