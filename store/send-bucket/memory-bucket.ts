import { randomUUID } from 'node:crypto';
import {
  pauseBucket,
  reserveSlot,
  slotInterval,
  type Admission,
  type BucketState,
  type SendBucket,
} from './rules.js';
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
  /** The gate (send-gate.ts) on this process's clock. */
  const admitSendNow = ({
    channelId,
    ratePerSecond,
    maxInFlightMs,
  }: Parameters<SendBucket['admitSend']>[0]): Admission => {
    const nowMs = now();
    const places = holdsOf(channelId);
    for (const [id, until] of places) if (until <= nowMs) places.delete(id);
    const gate = admitSend([...places.values()], stateOf(channelId).blockedUntilMs, nowMs, ratePerSecond);
    if (gate.kind === 'wait') return gate;
    const holdId = randomUUID();
    places.set(holdId, inFlightUntil(nowMs, maxInFlightMs));
    return { kind: 'pass', holdId };
  };
  return {
    reserveSendSlot({ channelId, taskId, ratePerSecond, admit }) {
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
      const { reservation } = decision;
      if (!admit || reservation.kind !== 'go' || reservation.waitMs > 0) return Promise.resolve(reservation);
      const gate = admitSendNow({ channelId, ratePerSecond, maxInFlightMs: admit.maxInFlightMs });
      return Promise.resolve(gate.kind === 'pass' ? { ...reservation, holdId: gate.holdId } : reservation);
    },
    pauseChannel(channelId, pauseMs) {
      buckets.set(channelId, pauseBucket(stateOf(channelId), now(), pauseMs));
      return Promise.resolve();
    },
    admitSend: (request) => Promise.resolve(admitSendNow(request)),
    sendAnswered(channelId, holdId) {
      const places = holdsOf(channelId);
      if (places.has(holdId)) places.set(holdId, answeredUntil(now()));
      return Promise.resolve();
    },
  };
}
