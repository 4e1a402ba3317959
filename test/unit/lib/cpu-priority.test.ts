/**
 * lowerCpuPriority in a child process (a nice value cannot be taken back without privilege, so the
 * test's own process is left alone): every thread, the existing ones and those made afterwards,
 * ends with the value, read back from /proc the way the kernel's scheduler sees it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lowerCpuPriority } from '../../../lib/cpu-priority.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs `lowerCpuPriority(nice)` in a fresh Node, then starts a worker thread; prints every thread's nice. */
function niceValuesAfter(nice: number): { set: number; values: number[] } {
  const script = `
    import { lowerCpuPriority } from './lib/cpu-priority.ts';
    import { niceValues } from './test/support/nice-values.ts';
    import { Worker } from 'node:worker_threads';
    const set = lowerCpuPriority(${nice});
    const worker = new Worker('setTimeout(() => {}, 200)', { eval: true });
    await new Promise((resolve) => worker.once('online', resolve));
    const values = niceValues();
    await worker.terminate();
    console.log(JSON.stringify({ set, values }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { set: number; values: number[] };
}

describe('lowerCpuPriority', () => {
  it.runIf(existsSync('/proc/self/task'))(
    'sets every thread of the process, and threads started afterwards inherit it',
    () => {
      const { set, values } = niceValuesAfter(10);
      expect(set).toBeGreaterThan(1); // Node has V8 and libuv threads besides the main one
      expect(values.length).toBeGreaterThan(set); // the worker thread (and its helpers) came after
      expect(new Set(values)).toEqual(new Set([10]));
    },
    30_000,
  );

  it('refuses a value outside 0–19 before changing anything', () => {
    expect(() => lowerCpuPriority(-5)).toThrow(/0 to 19/);
    expect(() => lowerCpuPriority(20)).toThrow(/0 to 19/);
    expect(() => lowerCpuPriority(2.5)).toThrow(/0 to 19/);
  });
});
