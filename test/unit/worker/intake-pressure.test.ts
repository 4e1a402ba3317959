import { describe, expect, it } from 'vitest';
import type { SlotReserveContext } from '@temporalio/worker';
import {
  BUSY_FROM_PER_SECOND,
  IntakeFirstSlots,
  IntakePressure,
  slotLimit,
} from '../../../worker/intake-pressure.js';

const ctx = { slotType: 'activity', taskQueue: 'q', workerIdentity: 'w', workerBuildId: '', isSticky: false };
const reserveContext = ctx as SlotReserveContext;

/** A pressure gauge on a clock the test moves. */
function gauge() {
  let now = 1_000;
  const pressure = new IntakePressure(() => now);
  return {
    pressure,
    burst: (n: number) => Array.from({ length: n }, () => pressure.note()),
    advance: (ms: number) => (now += ms),
  };
}

const settled = async <T>(promise: Promise<T>) => {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

describe('intake pressure (requests over the last second)', () => {
  it('counts arrivals of the last second only', () => {
    const { pressure, burst, advance } = gauge();
    burst(10);
    advance(600);
    burst(5);
    expect(pressure.perSecond()).toBe(15);
    advance(500); // the first ten are now more than a second old
    expect(pressure.perSecond()).toBe(5);
    advance(600);
    expect(pressure.perSecond()).toBe(0);
  });

  it('gives the worker every slot below the threshold and the busy share from it on (pure rule)', () => {
    expect(slotLimit(100, 8, 0)).toBe(100);
    expect(slotLimit(100, 8, BUSY_FROM_PER_SECOND - 1)).toBe(100);
    expect(slotLimit(100, 8, BUSY_FROM_PER_SECOND)).toBe(8);
    // A configured ceiling below the busy share stays the ceiling.
    expect(slotLimit(3, 8, 500)).toBe(3);
  });
});

describe('intake-first slot supplier', () => {
  it('hands out slots up to the full number while the intake is quiet', async () => {
    const { pressure } = gauge();
    const slots = new IntakeFirstSlots(pressure, 3, 1);
    const signal = new AbortController().signal;
    for (let i = 0; i < 3; i++) await slots.supplier.reserveSlot(reserveContext, signal);
    expect(slots.held).toBe(3);
    expect(slots.supplier.tryReserveSlot(reserveContext)).toBeNull();
    const fourth = slots.supplier.reserveSlot(reserveContext, signal);
    expect(await settled(fourth)).toBe('pending');
    slots.supplier.releaseSlot({} as never);
    expect(await settled(fourth)).toBe('resolved');
    expect(slots.held).toBe(3);
  });

  it('holds new slots back while the intake is busy, never taking back running ones', async () => {
    const { pressure, burst, advance } = gauge();
    const slots = new IntakeFirstSlots(pressure, 10, 2);
    const signal = new AbortController().signal;
    for (let i = 0; i < 5; i++) await slots.supplier.reserveSlot(reserveContext, signal);
    burst(BUSY_FROM_PER_SECOND);
    expect(slots.limit).toBe(2);
    const next = slots.supplier.reserveSlot(reserveContext, signal);
    expect(slots.supplier.tryReserveSlot(reserveContext)).toBeNull(); // eager tasks too
    // Releasing down to the busy share frees nothing: 5 → 2 held before a new one is handed out.
    for (let i = 0; i < 3; i++) slots.supplier.releaseSlot({} as never);
    expect(await settled(next)).toBe('pending');
    expect(slots.held).toBe(2);
    slots.supplier.releaseSlot({} as never);
    expect(await settled(next)).toBe('resolved');
    expect(slots.held).toBe(2);
    // The burst is over a second later: the full number again, without a release to wake it.
    const more = [
      slots.supplier.reserveSlot(reserveContext, signal),
      slots.supplier.reserveSlot(reserveContext, signal),
    ];
    expect(await settled(more[0] as Promise<unknown>)).toBe('pending');
    advance(1_001);
    slots.recheck(); // what the supplier's own timer does every 100 ms while reservations wait
    expect(await Promise.all(more)).toEqual([{}, {}]);
    expect(slots.held).toBe(4);
  });

  it('rejects an aborted reservation with AbortError and forgets it', async () => {
    const { pressure } = gauge();
    const slots = new IntakeFirstSlots(pressure, 1, 1);
    const never = new AbortController().signal;
    await slots.supplier.reserveSlot(reserveContext, never);
    const controller = new AbortController();
    const waiting = slots.supplier.reserveSlot(reserveContext, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    slots.supplier.releaseSlot({} as never);
    expect(slots.held).toBe(0); // the aborted reservation did not take the freed slot
    const aborted = new AbortController();
    aborted.abort();
    await expect(slots.supplier.reserveSlot(reserveContext, aborted.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
