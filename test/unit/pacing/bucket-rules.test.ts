/**
 * The channel send bucket's rules (store/send-bucket/rules.ts) on a clock the test owns: slots are
 * spaced by the rate, near slots are slept for, far ones become the task's ticket, 429 pauses the
 * channel.
 */
import { describe, expect, it } from 'vitest';
import {
  IN_ACTIVITY_HORIZON_MS,
  JITTER_GUARD_MS,
  WAKE_EARLY_MS,
  pauseBucket,
  reserveSlot,
  slotInterval,
  type BucketState,
} from '../../../store/send-bucket/rules.js';
import { createMemorySendBucket } from '../../../store/send-bucket/memory-bucket.js';

const fresh: BucketState = { nextAtMs: null, blockedUntilMs: null };
const T = 1_000_000;

describe('slot spacing', () => {
  it('spaces slots so that a second plus the jitter guard holds exactly `rate` of them', () => {
    expect(slotInterval(10)).toBe((1_000 + JITTER_GUARD_MS) / 10);
    expect(slotInterval(80) * 80).toBeCloseTo(1_000 + JITTER_GUARD_MS);
  });

  it('the first send of an idle channel goes at once and books the next slot one interval later', () => {
    const d = reserveSlot(fresh, { nowMs: T, intervalMs: 100, ticketMs: null });
    expect(d).toStrictEqual({ reservation: { kind: 'go', waitMs: 0 }, nextAtMs: T + 100, ticketMs: null });
  });

  it('a channel idle for a while does not bank capacity: the slot is now, not in the past', () => {
    const d = reserveSlot(
      { nextAtMs: T - 60_000, blockedUntilMs: null },
      { nowMs: T, intervalMs: 100, ticketMs: null },
    );
    expect(d.reservation).toStrictEqual({ kind: 'go', waitMs: 0 });
    expect(d.nextAtMs).toBe(T + 100);
  });

  it('a slot within the in-activity horizon is slept for; no ticket is kept', () => {
    const d = reserveSlot(
      { nextAtMs: T + 700, blockedUntilMs: null },
      { nowMs: T, intervalMs: 100, ticketMs: null },
    );
    expect(d).toStrictEqual({ reservation: { kind: 'go', waitMs: 700 }, nextAtMs: T + 800, ticketMs: null });
  });

  it('a slot beyond the horizon is kept as the ticket; the task comes back shortly before it', () => {
    const slot = T + IN_ACTIVITY_HORIZON_MS + 5_000;
    const d = reserveSlot(
      { nextAtMs: slot, blockedUntilMs: null },
      { nowMs: T, intervalMs: 100, ticketMs: null },
    );
    expect(d).toStrictEqual({
      reservation: { kind: 'later', retryAfterMs: slot - T - WAKE_EARLY_MS, slotInMs: slot - T },
      nextAtMs: slot + 100,
      ticketMs: slot,
    });
  });
});

describe('tickets', () => {
  const queued: BucketState = { nextAtMs: T + 60_000, blockedUntilMs: null };

  it('a task back for its ticket uses exactly that slot and books nothing new', () => {
    const d = reserveSlot(queued, { nowMs: T, intervalMs: 100, ticketMs: T + 900 });
    expect(d).toStrictEqual({
      reservation: { kind: 'go', waitMs: 900 },
      nextAtMs: T + 60_000,
      ticketMs: null,
    });
  });

  it('a task back too early keeps its ticket and is told to come back later', () => {
    const d = reserveSlot(queued, { nowMs: T, intervalMs: 100, ticketMs: T + 10_000 });
    expect(d.reservation).toStrictEqual({
      kind: 'later',
      retryAfterMs: 10_000 - WAKE_EARLY_MS,
      slotInMs: 10_000,
    });
    expect(d).toMatchObject({ nextAtMs: T + 60_000, ticketMs: T + 10_000 });
  });

  it('a ticket whose slot has passed is used at once, late: its slot is not lost', () => {
    for (const lateMs of [1, 50, 51, 5_000]) {
      const d = reserveSlot(queued, { nowMs: T, intervalMs: 100, ticketMs: T - lateMs });
      expect(d).toStrictEqual({
        reservation: { kind: 'go', waitMs: 0 },
        nextAtMs: T + 60_000,
        ticketMs: null,
      });
    }
  });

  it('a late ticket does not go behind the queue, so the queue does not grow', () => {
    // Ten tasks, each back 2 s late for its ticket, still leave the next free slot where it was.
    let state: BucketState = queued;
    for (let i = 0; i < 10; i++) {
      const d = reserveSlot(state, { nowMs: T + i * 300, intervalMs: 300, ticketMs: T + i * 300 - 2_000 });
      expect(d.reservation).toStrictEqual({ kind: 'go', waitMs: 0 });
      state = { ...state, nextAtMs: d.nextAtMs };
    }
    expect(state.nextAtMs).toBe(T + 60_000);
  });

  it('a late ticket older than a 429 pause is void: the task queues after the pause', () => {
    const paused = { nextAtMs: T + 5_000, blockedUntilMs: T + 2_000 };
    const d = reserveSlot(paused, { nowMs: T + 3_000, intervalMs: 100, ticketMs: T + 1_000 });
    expect(d).toMatchObject({ ticketMs: T + 5_000, nextAtMs: T + 5_100 });
  });

  it('a ticket inside a 429 pause is given up: its slot falls in time the channel refused', () => {
    const paused = { nextAtMs: T + 5_000, blockedUntilMs: T + 5_000 };
    const d = reserveSlot(paused, { nowMs: T, intervalMs: 100, ticketMs: T + 500 });
    expect(d).toMatchObject({ ticketMs: T + 5_000, nextAtMs: T + 5_100 });
    expect(d.reservation.kind).toBe('later');
  });
});

describe('pausing after a 429', () => {
  it('pushes the next slot and the pause to now + Retry-After', () => {
    expect(pauseBucket({ nextAtMs: T + 100, blockedUntilMs: null }, T, 3_000)).toStrictEqual({
      nextAtMs: T + 3_000,
      blockedUntilMs: T + 3_000,
    });
  });

  it('never shortens a queue or a pause already longer', () => {
    expect(pauseBucket({ nextAtMs: T + 9_000, blockedUntilMs: T + 8_000 }, T, 1_000)).toStrictEqual({
      nextAtMs: T + 9_000,
      blockedUntilMs: T + 8_000,
    });
  });
});

describe('the in-memory bucket', () => {
  it('hands out distinct slots per channel, keeps a ticket per task and honours it on return', async () => {
    let now = T;
    const bucket = createMemorySendBucket(() => now);
    const take = (taskId: string, channelId = 'c1') =>
      bucket.reserveSendSlot({ channelId, taskId, ratePerSecond: 1 });
    expect(await take('a')).toStrictEqual({ kind: 'go', waitMs: 0 });
    expect(await take('b')).toStrictEqual({ kind: 'go', waitMs: 1_100 });
    expect(await take('x', 'c2')).toStrictEqual({ kind: 'go', waitMs: 0 });
    const c = await take('c');
    expect(c).toStrictEqual({ kind: 'later', retryAfterMs: 2_200 - WAKE_EARLY_MS, slotInMs: 2_200 });
    now = T + 2_200 - WAKE_EARLY_MS;
    expect(await take('c')).toStrictEqual({ kind: 'go', waitMs: WAKE_EARLY_MS });
    expect(await take('d')).toStrictEqual({
      kind: 'later',
      retryAfterMs: 3_300 - 1_200 - WAKE_EARLY_MS,
      slotInMs: 3_300 - 1_200,
    });
  });

  it('a pause holds back every task of the channel', async () => {
    const bucket = createMemorySendBucket(() => T);
    await bucket.pauseChannel('c1', 4_000);
    expect(await bucket.reserveSendSlot({ channelId: 'c1', taskId: 'a', ratePerSecond: 80 })).toMatchObject({
      kind: 'later',
      slotInMs: 4_000,
    });
    expect(await bucket.reserveSendSlot({ channelId: 'c2', taskId: 'a', ratePerSecond: 80 })).toStrictEqual({
      kind: 'go',
      waitMs: 0,
    });
  });
});
