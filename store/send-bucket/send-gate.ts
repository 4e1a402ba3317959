/**
 * The channel's rate gate: the rule that actually keeps every 1 s window at or under the rate, as the
 * receiver counts it.
 *
 * Why slots alone are not enough (issue 13, the over-rate defect): slots are spaced on the database
 * clock at the sender, but 360dialog (and the mock) count a send when it *arrives*. Between the two
 * lie the reservation's round trip (the sleep starts when the answer is back), the activity's wake-up,
 * the HTTP request, and the receiver reading it; under load that delay varied from 3 ms to over 200
 * ms between consecutive sends, more than the 100 ms jitter guard of the spacing. One send that
 * arrived 100+ ms late and the fifth after it on time made six in one second at rate 5 (measured:
 * leave times 1 050 ms apart, the first answered 86 ms after it left, and the mock answered 429).
 * No spacing can absorb an unbounded delay.
 *
 * The gate uses the one bound causality gives: a send arrives before it is answered. Each HTTP
 * attempt holds a place while it is on the wire and for one window after its answer came back. A new
 * attempt may leave only while fewer than `rate` places are held. Then any `rate + 1` sends include
 * one that was answered (so had arrived) at least a window before the last one left (so before it
 * arrived): no window holds more than `rate`, whatever the delays, on one clock (the database's).
 * The price is the round trip: sends `rate` apart are at least one window plus one latency apart.
 */

/** Sends are counted per this window, as Meta counts a number's messages per second. */
export const RATE_WINDOW_MS = 1_000;

export type GateDecision = { kind: 'pass' } | { kind: 'wait'; waitMs: number };

/**
 * May a send leave now? `holdsUntilMs`: until when each held place counts (expired ones are ignored).
 * Inside a 429 pause nothing leaves. When all places are taken, the wait is exact for places that are
 * answered, and at most one window for places still on the wire: an answer that comes later keeps its
 * place a full window after it, so nothing can open sooner than that.
 */
export function admitSend(
  holdsUntilMs: readonly number[],
  blockedUntilMs: number | null,
  nowMs: number,
  ratePerSecond: number,
): GateDecision {
  if (blockedUntilMs !== null && blockedUntilMs > nowMs)
    return { kind: 'wait', waitMs: blockedUntilMs - nowMs };
  const live = holdsUntilMs.filter((until) => until > nowMs).sort((a, b) => a - b);
  if (live.length < ratePerSecond) return { kind: 'pass' };
  // Enough places must end for one to be free: with the rate lowered meanwhile, more than one.
  const opensAt = live[live.length - ratePerSecond] as number;
  return { kind: 'wait', waitMs: Math.min(opensAt, nowMs + RATE_WINDOW_MS) - nowMs };
}

/**
 * A place taken for a send going on the wire. If the worker dies before the answer, the place ends
 * on its own once the request's timeout and one window have passed (by then it was aborted).
 */
export function inFlightUntil(nowMs: number, maxInFlightMs: number): number {
  return nowMs + maxInFlightMs + RATE_WINDOW_MS;
}

/** The answer is back (or the attempt failed): the send arrived by now, if at all. */
export function answeredUntil(nowMs: number): number {
  return nowMs + RATE_WINDOW_MS;
}
