/** How slow "right now" is: the quantile of the latest durations the task starter keeps. */
import { describe, expect, it } from 'vitest';
import { RecentDurations } from '../../../api/intake/recent-durations.js';

describe('RecentDurations', () => {
  it('knows nothing until it has its minimum of samples', () => {
    const recent = new RecentDurations(4, 3);
    recent.add(10);
    recent.add(20);
    expect(recent.quantile(0.9)).toBeUndefined();
    recent.add(30);
    expect(recent.quantile(0.9)).toBe(30);
  });

  it('reads the nearest-rank quantile, whatever order the durations came in', () => {
    const recent = new RecentDurations(10, 1);
    for (const ms of [50, 10, 90, 30, 70, 20, 100, 40, 80, 60]) recent.add(ms);
    expect(recent.quantile(0.9)).toBe(90);
    expect(recent.quantile(0.5)).toBe(50);
    expect(recent.quantile(1)).toBe(100);
    expect(recent.quantile(0)).toBe(10);
  });

  it('keeps only the latest `size`: old durations stop counting', () => {
    const recent = new RecentDurations(4, 1);
    for (const ms of [500, 500, 500, 500]) recent.add(ms);
    expect(recent.quantile(0.9)).toBe(500);
    for (const ms of [5, 5, 5]) recent.add(ms);
    expect(recent.quantile(0.5)).toBe(5);
    expect(recent.quantile(0.9)).toBe(500); // one slow start of the four is still the slowest
    recent.add(5);
    expect(recent.quantile(1)).toBe(5);
  });
});
