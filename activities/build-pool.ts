/**
 * Builds run off the main thread (issue 9): the build is bounded in steps, sizes and time, but it
 * is CPU work, and on the worker's event loop even 100 ms of it would stall every workflow task,
 * activity heartbeat and (with `npm start`) the API. A small pool of `worker_threads` runs them
 * instead; a thread that passes the wall-clock bound (stuck in one native call, say) or runs out of
 * its memory is stopped and replaced, and its build fails with the reason. The main thread only
 * posts the job and waits.
 *
 * Works from the TypeScript sources (tsx, vitest: the thread registers tsx first) and compiled
 * (`dist/`: the thread runs `build-worker.js` beside this file).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../lib/start-thread.js';
import type { BuildLimits } from './build-limits.js';
import { buildLimitsFromEnv } from './build-limits-env.js';
import { BUILD_WORKER_ROLE, type BuildJob, type BuildReply } from './build-worker.js';
import type { BuildInput, BuildResult } from './template-request.js';

export interface BuildPoolOptions {
  limits: BuildLimits;
  /** Threads; default 2 (a poisoned build never holds up the next one), at most 4. */
  size?: number;
  /** When a thread that has not answered is stopped; default the time limit plus 1 s. */
  killAfterMs?: number;
  /**
   * Heap of one thread, a safety net only: V8 does not promise to stop a thread gracefully at it
   * (one huge allocation can still abort the process), which is why the build's size caps are
   * charged before anything is allocated.
   */
  memoryLimitMb?: number;
}

interface Pending {
  job: BuildJob;
  resolve: (result: BuildResult) => void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  current?: Pending & { timer: NodeJS.Timeout };
}

const failed = (reason: string): BuildResult => ({ ok: false, reason, contextUpdates: {} });

export class BuildPool {
  readonly #threads: Thread[] = [];
  readonly #queue: Pending[] = [];
  readonly #size: number;
  readonly #killAfterMs: number;
  readonly #memoryLimitMb: number;
  #nextId = 1;
  #closed = false;

  constructor(private readonly options: BuildPoolOptions) {
    this.#size = options.size ?? Math.min(4, Math.max(2, availableParallelism() - 1));
    this.#killAfterMs = options.killAfterMs ?? options.limits.timeLimitMs + 1000;
    this.#memoryLimitMb = options.memoryLimitMb ?? 256;
  }

  /** Builds in a thread; always resolves, with a failed build when a bound or the thread gave out. */
  run(input: BuildInput): Promise<BuildResult> {
    if (this.#closed) return Promise.resolve(failed('Build pool is closed'));
    return new Promise((resolve) => {
      this.#queue.push({ job: { id: this.#nextId++, input, limits: this.options.limits }, resolve });
      this.#dispatch();
    });
  }

  /** Starts the threads ahead of the first build, so no task pays for a thread's start. */
  warmUp(): void {
    while (this.#threads.length < this.#size) this.#spawn();
  }

  /** Threads running now (started or starting). */
  get threads(): number {
    return this.#threads.length;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) pending.resolve(failed('Build pool is closed'));
    await Promise.all([...this.#threads].map((thread) => this.#stop(thread, 'Build pool is closed')));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const idle = this.#threads.find((t) => t.ready && !t.current);
      if (!idle) {
        if (this.#threads.length < this.#size) this.#spawn();
        return;
      }
      const pending = this.#queue.shift() as Pending;
      const { timeLimitMs } = this.options.limits;
      const timer = setTimeout(
        () => void this.#stop(idle, `Build exceeded the time limit of ${timeLimitMs} ms (thread stopped)`),
        this.#killAfterMs,
      );
      idle.current = { ...pending, timer };
      idle.worker.ref();
      idle.worker.postMessage(pending.job);
    }
  }

  #spawn(): void {
    const thread: Thread = { worker: startThread(this.#memoryLimitMb), ready: false };
    thread.worker.on('message', (reply: BuildReply) => this.#answer(thread, reply));
    thread.worker.on('error', (err: Error & { code?: string }) => {
      const reason =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `Build ran out of memory (limit ${this.#memoryLimitMb} MB)`
          : `Build thread failed: ${err.message}`;
      void this.#stop(thread, reason);
    });
    thread.worker.on('exit', () => void this.#stop(thread, 'Build thread stopped unexpectedly'));
    this.#threads.push(thread);
  }

  #answer(thread: Thread, reply: BuildReply): void {
    if ('ready' in reply) {
      thread.ready = true;
    } else if (thread.current?.job.id === reply.id) {
      const { resolve, timer } = thread.current;
      clearTimeout(timer);
      thread.current = undefined;
      resolve('result' in reply ? reply.result : failed(`Build failed unexpectedly: ${reply.error}`));
    }
    this.#dispatch();
    // An idle thread must not keep a stopping process alive; a starting or busy one does.
    if (!thread.current) thread.worker.unref();
  }

  /** Stops a thread, failing its build with `reason`; the next job starts a fresh thread. */
  async #stop(thread: Thread, reason: string): Promise<void> {
    const index = this.#threads.indexOf(thread);
    if (index === -1) return;
    this.#threads.splice(index, 1);
    const current = thread.current;
    thread.current = undefined;
    if (current) {
      clearTimeout(current.timer);
      current.resolve(failed(reason));
    }
    // A thread that could not even start would fail the same way again: fail the waiting builds
    // instead of starting threads in a loop.
    if (!thread.ready) for (const pending of this.#queue.splice(0)) pending.resolve(failed(reason));
    if (!this.#closed) this.#dispatch();
    await thread.worker.terminate();
  }
}

/** A build thread, from compiled JavaScript or, under tsx and vitest, from the TypeScript source. */
function startThread(memoryLimitMb: number): Worker {
  const options = {
    workerData: { role: BUILD_WORKER_ROLE },
    resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb, maxYoungGenerationSizeMb: 32 },
    stdout: false,
    stderr: false,
  };
  return startModuleThread(import.meta.url, 'build-worker', options);
}

let shared: BuildPool | undefined;

/**
 * `buildTemplateRequest` in a build thread of the process-wide pool (limits from `BUILD_*`). What
 * the worker's build activity calls; the pure function stays for the preview and the tests.
 */
export function runBuildIsolated(input: BuildInput): Promise<BuildResult> {
  return sharedPool().run(input);
}

/** Starts the shared pool's threads now (the worker does it when it creates its activities). */
export function warmUpBuildPool(): void {
  sharedPool().warmUp();
}

function sharedPool(): BuildPool {
  shared ??= new BuildPool({ limits: buildLimitsFromEnv() });
  return shared;
}
