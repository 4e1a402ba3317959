/**
 * Starts task workflows through an outbox in the store (SPEC §3 row 10 as README "Behaviour
 * decisions" refines it). The task row is committed with its workflow input first; the start follows at once.
 * The intake waits for the start only up to a short window: a slow Temporal then costs the
 * integrator that window, not the start's latency, and the committed row guarantees the start — a
 * sweeper starts what a crash or an outage left behind. Every start has the task's workflow id and
 * refuses a second run of it, so a task is never started twice, whoever starts it.
 */
import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
} from '@temporalio/client';
import type { Logger } from '../../lib/logger.js';
import type { IntakePressure } from '../../worker/intake-pressure.js';
import type { ExecutionStore, NewTask } from '../../store/types.js';
import { taskWorkflowId } from '../../workflows/ids.js';
import type { TaskWorkflowInput, taskWorkflow } from '../../workflows/task-workflow.js';
import { RecentDurations } from './recent-durations.js';
import { StartLane } from './start-lane.js';

/** What the starter knows of Temporal: `up` after a start succeeded, `down` after one failed. */
export type EngineState = 'unknown' | 'up' | 'down';

/**
 * How long the intake waits for a start before it answers 200 from the committed row; `Infinity`
 * waits for the start to settle (it is bounded by its own deadline). Pure.
 * Until a start has succeeded, and after one failed, it waits for the start itself: an unreachable
 * Temporal is then answered 503 with nothing left behind (SPEC §3), instead of 200s queued into an
 * outage. `answerWithinMs` undefined: always wait for the start (the SPEC's original rule).
 * The window is for a start that settles within it; one that cannot only adds the window to the
 * 200, so the intake answers at once, from the committed row, when
 * - `startQueued`: every place on the wire is taken, so this start waits behind others (a start
 *   takes 50–120 ms on a busy dev server);
 * - `recentStartMs` (the 90th percentile of this process's latest starts) is past the window: the
 *   server is slow right now (a backlog on a shared dev server; Temporal Cloud's round trip).
 *   Measured with a backlog on the 2-core machine, the window alone was most of the answer: p50
 *   20–23 ms with it, 3 ms without (README, Benchmark).
 * A window of `WAITS_FOR_EVERY_START_MS` or more is the operator asking for every 200 to wait for
 * its start (the old rule), and is kept.
 */
export function answerWaitMs(
  engine: EngineState,
  answerWithinMs: number | undefined,
  startQueued = false,
  recentStartMs?: number,
): number {
  if (answerWithinMs === undefined || engine !== 'up') return Number.POSITIVE_INFINITY;
  if (answerWithinMs >= WAITS_FOR_EVERY_START_MS) return answerWithinMs;
  const cannotSettle = startQueued || (recentStartMs !== undefined && recentStartMs > answerWithinMs);
  return cannotSettle ? 0 : answerWithinMs;
}

/** gRPC's INVALID_ARGUMENT (grpc/status.proto). */
const INVALID_ARGUMENT = 3;

/**
 * The server refused this start's own request (INVALID_ARGUMENT: e.g. a workflow input past its blob
 * size limit). Retrying the same input fails the same way, and it says nothing about Temporal being
 * down: every other code (unavailable, deadline, not found, permission…) is read as an outage. Pure.
 */
export function isStartRefused(err: unknown): boolean {
  let cause: unknown = err;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (isGrpcServiceError(cause)) return Number(cause.code) === INVALID_ARGUMENT;
    cause = cause.cause;
  }
  return false;
}

/** A window this long outlasts a start's own deadline (5 s): every 200 then waits for its start. */
export const WAITS_FOR_EVERY_START_MS = 5000;

export interface TaskStarterOptions {
  client: Client;
  taskQueue: string;
  store: Pick<
    ExecutionStore,
    'insertTask' | 'deleteTask' | 'startConfirmed' | 'pendingStarts' | 'startRefused'
  >;
  logger: Logger;
  /** Bound on one start call, so a hung Temporal answers 503 instead of hanging (default 5 s). */
  startTimeoutMs?: number;
  /** `INTAKE_ANSWER_WITHIN_MS`; undefined: the intake waits for every start. */
  answerWithinMs?: number;
  /** The client shares its connection with a worker of the queue (`npm start`): eager start. */
  eagerStart?: boolean;
  /** How often the sweeper looks for rows left unstarted (default 5 s). */
  sweepEveryMs?: number;
  /** Only rows older than this are swept: well past any start still in flight (default 15 s). */
  sweepAfterMs?: number;
  /** Told of each accepted task, where the worker shares this process (worker/intake-pressure.ts). */
  pressure?: Pick<IntakePressure, 'note'>;
  /** Milliseconds for timing starts (default `performance.now`); tests make starts look slow. */
  clock?: () => number;
}

/** `started`: the workflow exists. `queued`: the row is committed and its start is under way. */
export type AcceptOutcome = 'started' | 'queued';

const SWEEP_BATCH = 100;
const SWEEP_PARALLEL = 8;
/**
 * Starts one process has on the wire at once. Beyond that they wait their turn in memory (their rows
 * are committed): a burst of hundreds of concurrent starts would only slow each one past its
 * deadline, and a start that misses its deadline counts as Temporal being down.
 */
const MAX_CONCURRENT_STARTS = 8;
/** Confirmations are written together, one statement per this many milliseconds at most. */
const CONFIRM_BATCH_MS = 50;
/** How long the intake asks whether a failed start was carried out after all. */
const EXISTS_TIMEOUT_MS = 2000;
/** Past this many starts waiting their turn, new tasks are left to the sweeper (memory stays bounded). */
const MAX_WAITING_STARTS = 10_000;
/** "Slow right now": the 90th percentile of the latest 32 starts (8 at least), see `answerWaitMs`. */
const RECENT_STARTS = 32;
const RECENT_STARTS_QUANTILE = 0.9;

export class TaskStarter {
  private engine: EngineState = 'unknown';
  /** Starts under way in this process, by task id: the sweeper leaves these alone. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly lane = new StartLane(MAX_CONCURRENT_STARTS);
  /** How long this process's latest successful starts took on the wire. */
  private readonly recentStarts = new RecentDurations(RECENT_STARTS);
  private readonly clock: () => number;
  private confirmBatch: string[] = [];
  private confirmTimer: NodeJS.Timeout | undefined;
  private readonly confirming = new Set<Promise<void>>();
  private sweeping: Promise<number> | undefined;
  /** Set by `close`: starts still waiting for the wire are left to the next sweeper instead. */
  private closing = false;
  private readonly startTimeoutMs: number;

  constructor(private readonly options: TaskStarterOptions) {
    this.startTimeoutMs = options.startTimeoutMs ?? 5000;
    this.clock = options.clock ?? (() => performance.now());
  }

  get engineState(): EngineState {
    return this.engine;
  }

  /**
   * Commits the task row with its workflow input, then starts the workflow. Resolves once the
   * task is durably accepted; throws when the start failed within the wait, after removing the row
   * it wrote (the intake answers 503 and nothing is half-created), unless the server did create the
   * workflow (a start whose answer was lost): that task is accepted. A repeat of an Idempotency-Key
   * (the row exists) starts with the same workflow id, which joins or refuses: nothing new runs.
   */
  async accept(input: TaskWorkflowInput, row: NewTask): Promise<AcceptOutcome> {
    const inserted = await this.options.store.insertTask(row, input);
    this.options.pressure?.note();
    if (this.engine === 'up' && this.lane.queued >= MAX_WAITING_STARTS) return 'queued';
    const startQueued = this.lane.full; // read before this start takes a place
    const start = this.startOnce(input);
    const wait = answerWaitMs(
      this.engine,
      this.options.answerWithinMs,
      startQueued,
      this.recentStarts.quantile(RECENT_STARTS_QUANTILE),
    );
    const outcome = await settleWithin(start, wait);
    if (outcome.kind === 'failed') {
      if (inserted && !isStartRefused(outcome.error) && (await this.workflowExists(input.taskId))) {
        // The start failed on this side only (its answer timed out or the connection dropped), yet
        // the server created the workflow: the task is accepted after all. Answering 503 would
        // leave a task running that the integrator was told does not exist, and a retry without
        // an Idempotency-Key would message the person twice.
        this.started(input.taskId);
        return 'started';
      }
      if (inserted) await this.options.store.deleteTask(input.taskId).catch(() => undefined);
      throw outcome.error;
    }
    // Answered before the start settled: a failure from here on leaves the row to the sweeper.
    if (outcome.kind === 'pending') start.catch(() => undefined);
    return outcome.kind === 'settled' ? 'started' : 'queued';
  }

  /** Sweeps every `sweepEveryMs` until `close`. Only the entrypoints that serve the intake run it. */
  startSweeping(): void {
    this.sweepTimer ??= setInterval(() => void this.sweep(), this.options.sweepEveryMs ?? 5000);
    this.sweepTimer.unref();
  }

  /**
   * Starts every row older than `sweepAfterMs` whose start was never confirmed; returns how many
   * it confirmed. A row whose start the server refuses (`isStartRefused`) is resolved as not built
   * and the sweep goes on: one such row must not hold up every row behind it. Any other failure
   * stops the sweep (Temporal is down: the next sweep tries again).
   */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepRows().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /**
   * Stops sweeping and lets the starts on the wire finish, so their rows are confirmed. Starts still
   * waiting for the wire are dropped: their rows stay in the outbox for the next sweeper.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    await Promise.allSettled([this.sweeping, ...this.inFlight.values()]);
    await this.flushConfirms();
    await Promise.allSettled(this.confirming);
  }

  private async sweepRows(): Promise<number> {
    const sweepAfterMs = this.options.sweepAfterMs ?? 15_000;
    let confirmed = 0;
    for (;;) {
      let rows;
      try {
        rows = await this.options.store.pendingStarts(new Date(Date.now() - sweepAfterMs), SWEEP_BATCH);
      } catch (err) {
        this.options.logger.warn('outbox sweep: store unreachable; the next sweep tries again', { err });
        return confirmed;
      }
      const todo = rows.filter((r) => !this.inFlight.has(r.taskId));
      let failed = false;
      for (let i = 0; i < todo.length && !failed; i += SWEEP_PARALLEL) {
        const batch = todo.slice(i, i + SWEEP_PARALLEL);
        const results = await Promise.allSettled(
          batch.map((r) => this.startOnce(r.input as TaskWorkflowInput)),
        );
        for (const [index, result] of results.entries()) {
          if (result.status === 'fulfilled') {
            confirmed += 1;
            continue;
          }
          const row = batch[index];
          // Resolved at once, so the next page does not hold it again.
          if (row && isStartRefused(result.reason) && (await this.refused(row.taskId, result.reason)))
            continue;
          if (!failed)
            this.options.logger.warn('outbox sweep: a start failed; the next sweep tries again', {
              err: result.reason,
            });
          failed = true;
        }
      }
      // Written before the next page is read, or that page would hold the same rows again.
      await this.flushConfirms();
      if (confirmed > 0)
        this.options.logger.info('outbox sweep: started tasks left unstarted', { confirmed });
      if (failed || rows.length < SWEEP_BATCH || todo.length === 0) return confirmed;
    }
  }

  /** One start per task id at a time in this process; confirms the row once the workflow exists. */
  private startOnce(input: TaskWorkflowInput): Promise<void> {
    const running = this.inFlight.get(input.taskId);
    if (running) return running;
    const start = this.startWorkflow(input)
      .then(
        () => this.started(input.taskId),
        (err: unknown) => {
          // Already started, or already ended: the workflow exists, which is all the outbox asks.
          if (err instanceof WorkflowExecutionAlreadyStartedError) return this.started(input.taskId);
          if (err instanceof StarterClosedError) throw err; // says nothing about Temporal
          if (isStartRefused(err)) throw err; // nor does a refusal of this one input
          this.engine = 'down';
          throw err;
        },
      )
      .finally(() => this.inFlight.delete(input.taskId));
    this.inFlight.set(input.taskId, start);
    return start;
  }

  /**
   * Whether the task's workflow exists, asked after its start failed: a timed-out start may have
   * been carried out. Unknown (the server does not answer within 2 s either) reads as no, and the
   * intake answers 503 as before. A start the server carries out after this answer (it was still
   * queued there) is the case left open: README, Behaviour decisions.
   */
  private async workflowExists(taskId: string): Promise<boolean> {
    const { client } = this.options;
    try {
      await client.withDeadline(Date.now() + EXISTS_TIMEOUT_MS, () =>
        client.workflow.getHandle(taskWorkflowId(taskId)).describe(),
      );
      return true;
    } catch {
      return false; // not found, or Temporal does not answer
    }
  }

  /**
   * Resolves a task whose start the server refused: it can never run, and left in the outbox it
   * would be tried on every sweep. Its status says why (SPEC's "could not be built" row). No
   * branch hook is called: hooks belong to the workflow, which never existed. False when the row
   * could not be written (the sweep then stops, as for an outage).
   */
  private async refused(taskId: string, err: unknown): Promise<boolean> {
    const reason =
      err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    this.options.logger.error('outbox: Temporal refused to start a task; it is resolved as not built', {
      taskId,
      err,
    });
    try {
      await this.options.store.startRefused(taskId, `Temporal refused to start the task: ${reason}`);
      return true;
    } catch (writeErr) {
      this.options.logger.warn('outbox: a refused start could not be recorded', { taskId, err: writeErr });
      return false;
    }
  }

  private started(taskId: string): void {
    this.engine = 'up';
    // One statement per batch rather than one per task: at 100 starts/s that is 20 instead of 100.
    this.confirmBatch.push(taskId);
    this.confirmTimer ??= setTimeout(() => void this.flushConfirms(), CONFIRM_BATCH_MS);
  }

  /** Writes the confirmations gathered so far. A lost one only makes the sweeper try a start the server refuses. */
  private async flushConfirms(): Promise<void> {
    clearTimeout(this.confirmTimer);
    this.confirmTimer = undefined;
    const taskIds = this.confirmBatch;
    this.confirmBatch = [];
    if (taskIds.length === 0) return;
    const write = this.options.store.startConfirmed(taskIds).catch((err: unknown) => {
      this.options.logger.warn('outbox: starts not confirmed in the store; the sweeper will', {
        tasks: taskIds.length,
        err,
      });
    });
    this.confirming.add(write);
    await write.finally(() => this.confirming.delete(write));
  }

  /** Waits for a place on the wire, then starts (unless closing meanwhile). */
  private startWorkflow(input: TaskWorkflowInput): Promise<void> {
    return this.lane.run(input.urgent, async () => {
      if (this.closing) throw new StarterClosedError();
      const began = this.clock();
      await this.callStart(input);
      this.recentStarts.add(this.clock() - began);
    });
  }

  private callStart(input: TaskWorkflowInput) {
    const { client, taskQueue, eagerStart } = this.options;
    return client.withDeadline(Date.now() + this.startTimeoutMs, () =>
      client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
        workflowId: taskWorkflowId(input.taskId),
        taskQueue,
        args: [input],
        // A start racing another for the same task joins it; one after the task ended is refused.
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        ...(eagerStart ? { requestEagerStart: true } : {}),
      }),
    );
  }
}

/** A start dropped by `close` before it went out; the task's row stays in the outbox. */
class StarterClosedError extends Error {
  override name = 'StarterClosedError';
  constructor() {
    super('the task starter is closing; the outbox sweeper starts this task');
  }
}

type Settlement = { kind: 'settled' } | { kind: 'failed'; error: unknown } | { kind: 'pending' };

/** How `promise` stands after at most `ms` (`Infinity`: once it settles): settled, failed or pending. */
async function settleWithin(promise: Promise<void>, ms: number): Promise<Settlement> {
  // No window: answer now, without a timer turn (a busy event loop makes even 0 ms a wait).
  if (ms <= 0) return { kind: 'pending' };
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<Settlement>((resolve) => {
    if (Number.isFinite(ms)) timer = setTimeout(() => resolve({ kind: 'pending' }), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (): Settlement => ({ kind: 'settled' }),
        (error: unknown): Settlement => ({ kind: 'failed', error }),
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
