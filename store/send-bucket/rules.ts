/**
 * The channel's shared send bucket as pure rules over one clock (the database's, so workers with
 * skewed clocks still agree). Slots are spaced `interval` apart; a slot is either used at once (the
 * activity sleeps until it, at most `horizonMs`) or, when the queue is longer, kept as the task's
 * *ticket*: the workflow sleeps on a durable timer until shortly before it and comes back to use
 * exactly that slot. So a burst of N tasks costs about 2N bucket calls and drains in FIFO order,
 * instead of N tasks polling for free capacity.
 */

/** How long the send activity may sleep for its slot (heartbeating) instead of handing back to the workflow. */
export const IN_ACTIVITY_HORIZON_MS = 1_500;

/** A task with a ticket is woken this much before its slot, so timer and dispatch latency do not make it miss. */
export const WAKE_EARLY_MS = 1_000;

/** A ticket whose slot passed longer ago than this is given up and a new slot is taken (see {@link reserveSlot}). */
export const LATE_TOLERANCE_MS = 50;

/**
 * Sends are spaced as if a second lasted this much longer. Network and scheduling jitter can bring
 * two sends closer than their slots; 100 ms of slack per second keeps any 1 s window at or under the
 * configured rate despite up to 100 ms of jitter, for the price of running at ~91 % of it.
 */
export const JITTER_GUARD_MS = 100;

/** Milliseconds between two slots of a channel sending at most `ratePerSecond`. */
export function slotInterval(ratePerSecond: number): number {
  return (1_000 + JITTER_GUARD_MS) / ratePerSecond;
}

/** One channel's bucket, as stored (epoch ms). */
export interface BucketState {
  /** The first slot nobody holds; `null` for a channel that never sent. */
  nextAtMs: number | null;
  /** 360dialog answered 429: nothing is sent before this. */
  blockedUntilMs: number | null;
}

export interface SlotRequest {
  nowMs: number;
  intervalMs: number;
  /** The slot this task reserved earlier, if any. */
  ticketMs: number | null;
}

/** `go`: send after `waitMs`. `later`: come back in `retryAfterMs`; the slot is kept as the task's ticket. */
export type Reservation =
  { kind: 'go'; waitMs: number } | { kind: 'later'; retryAfterMs: number; slotInMs: number };

/** The decision plus what to store: the new `nextAtMs` and the task's ticket (`null` = none). */
export interface SlotDecision {
  reservation: Reservation;
  nextAtMs: number | null;
  ticketMs: number | null;
}

/**
 * Uses the task's ticket when its slot is due (within the horizon, not missed, not inside a 429
 * pause); otherwise takes the first free slot. A missed or paused ticket's slot is simply lost: it
 * can no longer be used without crowding its neighbours.
 */
export function reserveSlot(state: BucketState, request: SlotRequest): SlotDecision {
  const { nowMs, ticketMs } = request;
  if (ticketMs !== null && ticketUsable(state, ticketMs, nowMs)) {
    const inMs = ticketMs - nowMs;
    if (inMs <= IN_ACTIVITY_HORIZON_MS) {
      return {
        reservation: { kind: 'go', waitMs: Math.max(0, inMs) },
        nextAtMs: state.nextAtMs,
        ticketMs: null,
      };
    }
    return { reservation: later(inMs), nextAtMs: state.nextAtMs, ticketMs };
  }
  const slot = Math.max(nowMs, state.nextAtMs ?? nowMs, state.blockedUntilMs ?? nowMs);
  const nextAtMs = slot + request.intervalMs;
  const inMs = slot - nowMs;
  if (inMs <= IN_ACTIVITY_HORIZON_MS)
    return { reservation: { kind: 'go', waitMs: inMs }, nextAtMs, ticketMs: null };
  return { reservation: later(inMs), nextAtMs, ticketMs: slot };
}

function ticketUsable(state: BucketState, ticketMs: number, nowMs: number): boolean {
  return ticketMs >= nowMs - LATE_TOLERANCE_MS && ticketMs >= (state.blockedUntilMs ?? ticketMs);
}

function later(slotInMs: number): Reservation {
  return { kind: 'later', retryAfterMs: Math.max(0, slotInMs - WAKE_EARLY_MS), slotInMs };
}

/**
 * 360dialog said "too fast" and asked for `pauseMs`: nothing is sent on this channel before then, by
 * any worker. Tickets inside the pause become unusable and their tasks take new slots after it.
 */
export function pauseBucket(state: BucketState, nowMs: number, pauseMs: number): BucketState {
  const until = nowMs + pauseMs;
  return {
    nextAtMs: Math.max(state.nextAtMs ?? until, until),
    blockedUntilMs: Math.max(state.blockedUntilMs ?? until, until),
  };
}

/**
 * The shared bucket as the send activity sees it. Implemented over the store (one row per channel,
 * shared by every worker) and in memory (one process: tests and callers without a store).
 */
export interface SendBucket {
  reserveSendSlot(request: {
    channelId: string;
    taskId: string;
    ratePerSecond: number;
  }): Promise<Reservation>;
  pauseChannel(channelId: string, pauseMs: number): Promise<void>;
}
