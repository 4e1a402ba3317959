/**
 * The chaos run's faults, one after another during the load, spaced so that their effects can be
 * told apart. A fault that cannot be applied or undone is recorded with its error instead of ending the
 * run: ending it there left the load running, servers orphaned and the run hanging (a worker
 * restarted during the PostgreSQL outage did exactly that).
 */
import type { Cluster } from './cluster.js';
import type { FaultWindow } from './report.js';

const OUTAGE_MS = 10_000;
/** How long an orchestrator keeps restarting a crashed worker that exits at start (e.g. no database yet). */
const RESTART_FOR_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fault of the plan: `run` resolves when it is over. */
interface PlannedFault {
  /** Offset into the load, in 1/60ths of its length. */
  at: number;
  name: string;
  run: () => Promise<void>;
}

/** A pause after each fault before the next one, so that their effects can be told apart. */
const GAP_MS = 3_000;

/**
 * Applies every fault during a load of `loadSeconds`, one after another: each at its offset, or
 * GAP_MS after the previous one is over when that is later (on a busy machine a Temporal restart
 * took 14 s and ran into the PostgreSQL outage). Resolves, never rejects, when all are over.
 */
export async function runFaults(cluster: Cluster, loadSeconds: number): Promise<FaultWindow[]> {
  const faults: FaultWindow[] = [];
  const began = Date.now();
  let free = began;
  const aftermath: Promise<void>[] = [];
  let current: FaultWindow | undefined;
  const background = (work: Promise<void>) => {
    const w = current as FaultWindow;
    // If the killed worker never comes back, the fault is reported as failed.
    aftermath.push(work.catch((err: unknown) => void (w.error ??= errorText(err))));
  };
  for (const f of plan(cluster, background)) {
    await sleep(Math.max(began + (f.at * loadSeconds * 1000) / 60, free + GAP_MS) - Date.now());
    current = { name: f.name, start: Date.now(), end: 0 };
    faults.push(current);
    try {
      await f.run();
    } catch (err) {
      current.error = errorText(err);
    }
    current.end = Date.now();
    free = current.end;
  }
  await Promise.all(aftermath);
  return faults;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `background`: work that goes on after the fault (a restart by the orchestrator). */
function plan(cluster: Cluster, background: (work: Promise<void>) => void): PlannedFault[] {
  const outage = (begin: () => Promise<unknown>, end: () => Promise<unknown>, ms: number) => async () => {
    await begin();
    try {
      await sleep(ms);
    } finally {
      await end();
    }
  };
  return [
    {
      at: 5,
      name: 'SIGKILL worker-1',
      run: async () => {
        await cluster.workers.get('worker-1')?.kill();
        // An orchestrator restarts it 5 s later; the next faults need not wait for that.
        background(sleep(5000).then(() => restartUntilUp(() => cluster.startWorker('worker-1'))));
      },
    },
    { at: 12, name: 'restart Temporal server', run: () => cluster.restartTemporal() },
    {
      at: 20,
      name: 'PostgreSQL stopped 10 s',
      run: outage(
        () => cluster.postgres.suspend(),
        () => cluster.postgres.resume(),
        OUTAGE_MS,
      ),
    },
    {
      at: 34,
      name: 'Redis stopped 10 s',
      run: outage(
        () => cluster.redis.stop(),
        () => cluster.redis.start(),
        OUTAGE_MS,
      ),
    },
    {
      at: 46,
      name: '360dialog hangs, then 5xx, 8 s',
      run: outage(
        async () => {
          await cluster.mock.addFault({ type: 'hang', times: 3, match: { path: '/messages' } });
          await cluster.mock.addFault({
            type: 'canned',
            name: 'service_unavailable',
            times: 1000,
            match: { path: '/messages' },
          });
        },
        () => cluster.mock.clearFaults(),
        8000,
      ),
    },
  ];
}

/** As a restart policy does: a process that exits at start is started again, 2 s later. */
async function restartUntilUp(start: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + RESTART_FOR_MS;
  for (;;) {
    try {
      await start();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(2000);
    }
  }
}
