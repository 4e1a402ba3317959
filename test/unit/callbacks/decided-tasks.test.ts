import { describe, expect, it } from 'vitest';
import { DecidedTasks } from '../../../api/callbacks/decided-tasks.js';

describe('DecidedTasks', () => {
  it('remembers decided tasks up to its bound, dropping the oldest first', () => {
    const decided = new DecidedTasks(2);
    decided.add('a', 'wa-main');
    decided.add('b', 'wa-main');
    decided.add('a', 'wa-main'); // already there: not moved, not counted twice
    const known = () => ['a', 'b', 'c'].map((id) => decided.has(id, 'wa-main'));
    expect(known()).toStrictEqual([true, true, false]);
    decided.add('c', 'wa-main');
    // A forgotten id only means its later statuses are signalled again, which the workflow ignores.
    expect(known()).toStrictEqual([false, true, true]);
  });

  it('knows a task only through the channel that decided it', () => {
    const decided = new DecidedTasks();
    decided.add('a', 'wa-main');
    // Another channel's callback naming this task is routed as usual, not dropped here.
    expect(decided.has('a', 'wa-other')).toBe(false);
    expect(decided.has('a', 'wa-main')).toBe(true);
  });
});
