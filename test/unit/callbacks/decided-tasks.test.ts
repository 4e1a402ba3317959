import { describe, expect, it } from 'vitest';
import { DecidedTasks } from '../../../api/callbacks/decided-tasks.js';

describe('DecidedTasks', () => {
  it('remembers decided tasks up to its bound, dropping the oldest first', () => {
    const decided = new DecidedTasks(2);
    decided.add('a');
    decided.add('b');
    decided.add('a'); // already there: not moved, not counted twice
    expect([decided.has('a'), decided.has('b'), decided.has('c')]).toStrictEqual([true, true, false]);
    decided.add('c');
    // A forgotten id only means its later statuses are signalled again, which the workflow ignores.
    expect([decided.has('a'), decided.has('b'), decided.has('c')]).toStrictEqual([false, true, true]);
  });
});
