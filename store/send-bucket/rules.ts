/**
 * The channel's shared send bucket as pure rules over one clock (the database's, so workers with
 * skewed clocks still agree). Slots are spaced `interval` apart; a slot is either used at once (the
 * activity sleeps until it, at most `horizonMs`) or, when the queue is longer, kept as the task's
 * *ticket*: the workflow sleeps on a durable timer until shortly before it and comes back to use
 * exactly that slot. So a burst of N tasks costs about 2N bucket calls and drains in FIFO order,
 * instead of N tasks polling for free capacity. Slots shape the flow; the rate itself is kept by the
 * gate every HTTP attempt passes right before it leaves (send-gate.ts).
 */

/** How long the send activity may sleep for its slot (heartbeating) instead of handing back to the workflow. */
export const IN_ACTIVITY_HORIZON_MS = 1_500;

/** A task with a ticket is woken this much before its slot, so timer and dispatch latency do not make it miss. */
export const WAKE_EARLY_MS = 1_000;

/**
 * Sends are spaced as if a second lasted this much longer. The rate itself is kept by the gate
 * (send-gate.ts), which holds a send until the one `rate` places before it was answered a window ago;
 * this slack leaves room for that round trip, so at ordinary latency the gate seldom has to hold
 * anyone, for the price of running at ~91 % of the rate.
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
 * Uses the task's ticket when its slot is due (within the horizon, not inside a 429 pause); otherwise
 * takes the first free slot. A ticket whose slot has passed (the workflow timer or the activity's
 * dispatch took longer than {@link WAKE_EARLY_MS} on a busy host) is used at once, late: giving it up
 * and queueing again at the back left its slot unused and drained a burst far slower than N / rate
 * (issue 13, the slow-drain defect). Late use cannot crowd the rate: the gate (send-gate.ts) counts
 * sends by their answers, not by their slots. Only a 429 pause voids a ticket.
 */
export function reserveSlot(state: BucketState, request: SlotRequest): SlotDecision {
  const { nowMs, ticketMs } = request;
  if (ticketMs !== null && ticketUsable(state, ticketMs)) {
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

/** A ticket is void only when a 429 pause came after it was given: its slot lies in refused time. */
function ticketUsable(state: BucketState, ticketMs: number): boolean {
  return ticketMs >= (state.blockedUntilMs ?? ticketMs);
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
  /**
   * With `admit`, a slot due at once also asks the rate gate in the same step (one round trip less
   * on the urgent path, issue 14): the answer then carries `holdId`, the gate's place for the
   * first attempt, as {@link SendBucket.admitSend} would have given it.
   */
  reserveSendSlot(request: {
    channelId: string;
    taskId: string;
    ratePerSecond: number;
    admit?: { maxInFlightMs: number };
  }): Promise<Reservation & { holdId?: string }>;
  pauseChannel(channelId: string, pauseMs: number): Promise<void>;
  /**
   * The rate gate, asked right before each HTTP attempt (send-gate.ts): `pass` takes a place, to be
   * given back with {@link SendBucket.sendAnswered} once the attempt has its answer or failed;
   * `wait` says how long until a place can be free. `maxInFlightMs`: the attempt's timeout, after
   * which a place whose worker died ends by itself.
   */
  admitSend(request: { channelId: string; ratePerSecond: number; maxInFlightMs: number }): Promise<Admission>;
  sendAnswered(channelId: string, holdId: string): Promise<void>;
}

/** The gate's answer to one send attempt. */
export type Admission = { kind: 'pass'; holdId: string } | { kind: 'wait'; waitMs: number };
