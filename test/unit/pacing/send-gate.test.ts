/**
 * The channel's rate gate (store/send-bucket/send-gate.ts): the rule itself on a clock the test owns,
 * a simulation of sends whose arrival at the receiver is delayed at random (the over-rate defect of
 * issue 13), and the in-memory bucket's gate.
 */
import { describe, expect, it } from 'vitest';
import {
  admitSend,
  answeredUntil,
  inFlightUntil,
  RATE_WINDOW_MS,
} from '../../../store/send-bucket/send-gate.js';
import { slotInterval } from '../../../store/send-bucket/rules.js';
import { createMemorySendBucket } from '../../../store/send-bucket/memory-bucket.js';
import { maxInWindow } from '../../../tools/mock-360dialog/send-limits.js';

const T = 1_000_000;

describe('admitSend', () => {
  it('passes while fewer than `rate` places are held; expired places do not count', () => {
    expect(admitSend([], null, T, 1)).toStrictEqual({ kind: 'pass' });
    expect(admitSend([T + 10, T + 20], null, T, 3)).toStrictEqual({ kind: 'pass' });
    expect(admitSend([T - 1, T, T + 20], null, T, 2)).toStrictEqual({ kind: 'pass' });
  });

  it('all places answered: waits exactly until the first of them ends', () => {
    expect(admitSend([T + 700, T + 300, T + 900], null, T, 3)).toStrictEqual({ kind: 'wait', waitMs: 300 });
  });

  it('places still on the wire: waits one window at most, as a later answer holds a window after it', () => {
    const onTheWire = inFlightUntil(T, 20_000);
    expect(admitSend([onTheWire, onTheWire], null, T, 2)).toStrictEqual({
      kind: 'wait',
      waitMs: RATE_WINDOW_MS,
    });
  });

  it('with more places held than a lowered rate allows, waits until enough of them end', () => {
    expect(admitSend([T + 100, T + 200, T + 300, T + 400], null, T, 2)).toStrictEqual({
      kind: 'wait',
      waitMs: 300,
    });
  });

  it('inside a 429 pause nothing leaves, even with every place free', () => {
    expect(admitSend([], T + 4_000, T, 80)).toStrictEqual({ kind: 'wait', waitMs: 4_000 });
    expect(admitSend([], T, T, 80)).toStrictEqual({ kind: 'pass' });
  });

  it('a place counts a window after its answer, and a dead worker’s place ends after its timeout', () => {
    expect(answeredUntil(T)).toBe(T + RATE_WINDOW_MS);
    expect(inFlightUntil(T, 20_000)).toBe(T + 20_000 + RATE_WINDOW_MS);
  });
});

/** A small seeded PRNG, so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `n` sends try to leave at their slots (spaced by `slotInterval`), each up to 400 ms late; one that
 * leaves arrives 0-300 ms later (a stalled event loop, a slow network) and is answered up to 50 ms
 * after that. Returns the arrival times, as the receiver counts them.
 */
function simulate(seed: number, rate: number, n: number, gated: boolean): number[] {
  const rand = random(seed);
  const holds = new Map<number, number>();
  const arrivals: number[] = [];
  const events: { at: number; kind: 'try' | 'answer'; id: number }[] = Array.from({ length: n }, (_, id) => ({
    at: T + id * slotInterval(rate) + rand() * 400,
    kind: 'try',
    id,
  }));
  while (events.length > 0) {
    events.sort((a, b) => a.at - b.at);
    const { at, kind, id } = events.shift()!;
    if (kind === 'answer') {
      holds.set(id, answeredUntil(at));
      continue;
    }
    const gate = gated ? admitSend([...holds.values()], null, at, rate) : ({ kind: 'pass' } as const);
    if (gate.kind === 'wait') {
      events.push({ at: at + gate.waitMs, kind, id });
      continue;
    }
    holds.set(id, inFlightUntil(at, 20_000));
    const arrival = at + rand() * 300;
    arrivals.push(arrival);
    events.push({ at: arrival + rand() * 50, kind: 'answer', id });
  }
  return arrivals;
}

describe('the gate against delays between leaving and arriving', () => {
  it('spacing alone lets such delays put more than `rate` sends into one second (the defect)', () => {
    const worst = Math.max(
      ...[1, 2, 3, 4, 5].map((seed) => maxInWindow(simulate(seed, 5, 60, false), 1_000)),
    );
    expect(worst).toBeGreaterThan(5);
  });

  it.each([1, 2, 3, 5, 20, 80])('at %i/s the receiver never counts more than the rate in any 1 s', (rate) => {
    const seeds = rate >= 20 ? 4 : 20; // the simulation sorts its events each step: keep big rates few
    for (let seed = 1; seed <= seeds; seed++) {
      const arrivals = simulate(seed, rate, rate * 6, true);
      expect(arrivals).toHaveLength(rate * 6);
      expect(maxInWindow(arrivals, 1_000)).toBeLessThanOrEqual(rate);
    }
  });
});

describe('the in-memory bucket’s gate', () => {
  it('holds a place per attempt, frees it a window after the answer, and honours a pause', async () => {
    let now = T;
    const bucket = createMemorySendBucket(() => now);
    const admit = () => bucket.admitSend({ channelId: 'c1', ratePerSecond: 2, maxInFlightMs: 20_000 });
    const first = await admit();
    const second = await admit();
    expect([first.kind, second.kind]).toStrictEqual(['pass', 'pass']);
    expect(await admit()).toStrictEqual({ kind: 'wait', waitMs: RATE_WINDOW_MS });
    expect((await bucket.admitSend({ channelId: 'c2', ratePerSecond: 2, maxInFlightMs: 1 })).kind).toBe(
      'pass',
    );
    now = T + 100;
    if (first.kind === 'pass') await bucket.sendAnswered('c1', first.holdId);
    expect(await admit()).toStrictEqual({ kind: 'wait', waitMs: RATE_WINDOW_MS });
    now = T + 100 + RATE_WINDOW_MS;
    expect((await admit()).kind).toBe('pass');
    await bucket.pauseChannel('c1', 3_000);
    expect(await bucket.admitSend({ channelId: 'c1', ratePerSecond: 80, maxInFlightMs: 1 })).toStrictEqual({
      kind: 'wait',
      waitMs: 3_000,
    });
  });

  it('a slot due now brings its place when asked (`admit`); a later slot or a full gate does not', async () => {
    const now = T;
    const bucket = createMemorySendBucket(() => now);
    const reserve = (taskId: string) =>
      bucket.reserveSendSlot({ channelId: 'c1', taskId, ratePerSecond: 2, admit: { maxInFlightMs: 20_000 } });
    const first = await reserve('a');
    expect(first).toMatchObject({ kind: 'go', waitMs: 0 });
    expect(typeof first.holdId).toBe('string');
    expect(await reserve('b')).not.toHaveProperty('holdId'); // due in one interval, not now
    // The pre-taken place counts like any other: one more passes at rate 2, then the gate is full.
    const gate = { channelId: 'c1', ratePerSecond: 2, maxInFlightMs: 20_000 };
    expect((await bucket.admitSend(gate)).kind).toBe('pass');
    expect((await bucket.admitSend(gate)).kind).toBe('wait');
    // Without `admit`, nothing is taken at the gate.
    expect(await bucket.reserveSendSlot({ channelId: 'c3', taskId: 'x', ratePerSecond: 2 })).toStrictEqual({
      kind: 'go',
      waitMs: 0,
    });
  });

  it('a place whose worker never reported back ends after the request timeout and one window', async () => {
    let now = T;
    const bucket = createMemorySendBucket(() => now);
    const admit = () => bucket.admitSend({ channelId: 'c1', ratePerSecond: 1, maxInFlightMs: 5_000 });
    expect((await admit()).kind).toBe('pass');
    now = T + 5_000 + RATE_WINDOW_MS - 1;
    expect((await admit()).kind).toBe('wait');
    now = T + 5_000 + RATE_WINDOW_MS;
    expect((await admit()).kind).toBe('pass');
  });
});
