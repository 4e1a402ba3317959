/**
 * Lowers a process's CPU priority (raises its nice value): the worker's where it shares a machine
 * with the api, and the embedded Temporal dev server's under `npm start`. When both want the CPU,
 * the kernel then runs the intake first and the backlog waits (README "Scaling"). Raising a nice
 * value needs no privilege; lowering it again does.
 *
 * On Linux a nice value belongs to a thread, and a thread takes its creator's value when it is
 * created. `os.setPriority(0, n)` therefore changes the main thread only, and the V8 and libuv
 * threads that already exist keep theirs. This sets every thread listed in /proc/<pid>/task, so
 * call it early: threads created afterwards (the Temporal core's, the workflow threads) inherit
 * from the main thread.
 */
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Sets `nice` (0–19) on every thread of process `pid` (default: this one); returns how many threads
 * now have at least it.
 */
export function lowerCpuPriority(nice: number, pid?: number): number {
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
    throw new RangeError(`nice must be an integer from 0 to 19, got ${nice}`);
  }
  const threads = threadIds(pid);
  let set = 0;
  for (const tid of threads) {
    try {
      // Never raise a priority someone already lowered further (e.g. the process was started with nice).
      if (getPriority(tid) < nice) setPriority(tid, nice);
      set += 1;
    } catch {
      // The thread ended between the listing and here.
    }
  }
  return set;
}

/** Every thread of the process on Linux; elsewhere its id, which those systems treat as a whole. */
function threadIds(pid: number | undefined): number[] {
  try {
    return readdirSync(`/proc/${pid ?? 'self'}/task`).map(Number);
  } catch {
    return [pid ?? process.pid];
  }
}
