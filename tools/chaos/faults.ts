/**
 * The chaos run's faults, each at its offset into the load, spaced so that their effects can be told
 * apart. A fault that cannot be applied or undone is recorded with its error instead of ending the
 * run: ending it there left the load running, servers orphaned and the run hanging (a worker
 * restarted during the PostgreSQL outage did exactly that).
 */
import type { Cluster } from './cluster.js';
import type { FaultWindow } from './report.js';

const OUTAGE_MS = 10_000;
/** How long an orchestrator keeps restarting a crashed worker that exits at start (e.g. no database yet). */
const RESTART_FOR_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Applies every fault during a load of `loadSeconds`; resolves, never rejects, when all are over. */
export async function runFaults(cluster: Cluster, loadSeconds: number): Promise<FaultWindow[]> {
  const faults: FaultWindow[] = [];
  // `fault` resolves when the fault is over, or with the time it ended if that was earlier.
  const at = (seconds: number, name: string, fault: () => Promise<number | void>) =>
    sleep(seconds * 1000).then(async () => {
      const w: FaultWindow = { name, start: Date.now(), end: 0 };
      try {
        w.end = (await fault()) ?? Date.now();
      } catch (err) {
        w.end = Date.now();
        w.error = err instanceof Error ? err.message : String(err);
      }
      faults.push(w);
    });
  const outage = (begin: () => Promise<unknown>, end: () => Promise<unknown>, ms: number) => async () => {
    await begin();
    try {
      await sleep(ms);
    } finally {
      await end();
    }
  };
  const span = loadSeconds / 60;
  await Promise.all([
    at(5 * span, 'SIGKILL worker-1', async () => {
      await cluster.workers.get('worker-1')?.kill();
      const killed = Date.now(); // an instant fault: recovery counts from the kill
      await sleep(5000); // an orchestrator restarts it
      await restartUntilUp(() => cluster.startWorker('worker-1'));
      return killed;
    }),
    at(12 * span, 'restart Temporal server', () => cluster.restartTemporal()),
    at(
      20 * span,
      'PostgreSQL stopped 10 s',
      outage(
        () => cluster.postgres.suspend(),
        () => cluster.postgres.resume(),
        OUTAGE_MS,
      ),
    ),
    at(
      34 * span,
      'Redis stopped 10 s',
      outage(
        () => cluster.redis.stop(),
        () => cluster.redis.start(),
        OUTAGE_MS,
      ),
    ),
    at(
      46 * span,
      '360dialog hangs, then 5xx, 8 s',
      outage(
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
    ),
  ]);
  return faults.sort((a, b) => a.start - b.start);
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
