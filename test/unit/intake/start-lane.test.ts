import { describe, expect, it } from 'vitest';
import { StartLane } from '../../../api/intake/start-lane.js';

/** A call that runs until the test releases it, recording when it began. */
function heldCall(name: string, began: string[]) {
  let release = () => {};
  const done = new Promise<void>((resolve) => (release = resolve));
  return { call: () => (began.push(name), done), release: () => release() };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('StartLane', () => {
  it('runs at most its bound at once; waiting urgent calls go before waiting non-urgent ones, FIFO within each', async () => {
    const lane = new StartLane(1);
    const began: string[] = [];
    const calls = Object.fromEntries(['first', 'a', 'b', 'u1', 'u2'].map((n) => [n, heldCall(n, began)]));
    const runs = [
      lane.run(false, calls.first!.call),
      lane.run(false, calls.a!.call),
      lane.run(false, calls.b!.call),
      lane.run(true, calls.u1!.call),
      lane.run(true, calls.u2!.call),
    ];
    await turn();
    expect(began).toEqual(['first']);
    expect(lane.queued).toBe(4);
    expect(lane.full).toBe(true);
    for (const name of ['first', 'u1', 'u2', 'a']) {
      calls[name]!.release();
      await turn();
    }
    expect(began).toEqual(['first', 'u1', 'u2', 'a', 'b']);
    calls.b!.release();
    await Promise.all(runs);
    expect(lane.queued).toBe(0);
    expect(lane.full).toBe(false);
  });

  it('gives the place on when a call fails, and passes the failure to its caller', async () => {
    const lane = new StartLane(1);
    const failing = lane.run(false, () => Promise.reject(new Error('start refused')));
    const next = lane.run(false, () => Promise.resolve('started'));
    await expect(failing).rejects.toThrow('start refused');
    await expect(next).resolves.toBe('started');
    // The place was given back: a new call runs at once.
    await expect(lane.run(true, () => Promise.resolve('again'))).resolves.toBe('again');
  });
});
