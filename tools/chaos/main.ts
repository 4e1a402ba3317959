/**
 * `npm run chaos [-- --short]`: a fault run on the production layout (see cluster.ts) under paced
 * load. During the load it SIGKILLs a worker, restarts the Temporal server, stops PostgreSQL and
 * Redis for 10 s each, and makes the 360dialog mock hang and answer 5xx for a while. Then it waits
 * for every accepted task to resolve and prints a table: requests, resolved tasks, duplicate sends,
 * lost callbacks and the recovery time after each fault. A script, not a test: it asserts nothing,
 * but exits 1 when an accepted task is unresolved, a send was duplicated or a callback was lost.
 * Loopback only; every wait is bounded.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHAOS_WEBHOOK, MOCK_RETRY, startCluster, type Cluster } from './cluster.js';
import { runPacedLoad } from './load.js';
import {
  countRequests,
  duplicateSends,
  lostCallbacks,
  outcomeCounts,
  pendingCallbacks,
  recovery,
  table,
  type FaultWindow,
  type RequestRecord,
  type TaskOutcome,
} from './report.js';

const short = process.argv.includes('--short');
const LOAD_SECONDS = short ? 60 : 150;
const RATE = Number(process.env.CHAOS_RATE ?? (short ? 6 : 10));
const OUTAGE_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The faults, each at its offset into the load (seconds); spaced so that their effects can be told apart. */
function schedule(cluster: Cluster, faults: FaultWindow[]) {
  const window = async (
    name: string,
    begin: () => Promise<unknown>,
    end: () => Promise<unknown>,
    ms: number,
  ) => {
    const start = Date.now();
    await begin();
    await sleep(ms);
    await end();
    faults.push({ name, start, end: Date.now() });
  };
  const at = (seconds: number, fault: () => Promise<void>) => sleep(seconds * 1000).then(fault);
  const span = LOAD_SECONDS / 60;
  return Promise.all([
    at(5 * span, async () => {
      const start = Date.now();
      await cluster.workers.get('worker-1')?.kill();
      faults.push({ name: 'SIGKILL worker-1', start, end: start });
      await sleep(5000); // an orchestrator restarts it
      await cluster.startWorker('worker-1');
    }),
    at(12 * span, () =>
      window(
        'restart Temporal server',
        () => Promise.resolve(),
        () => cluster.restartTemporal(),
        0,
      ),
    ),
    at(20 * span, () =>
      window(
        'PostgreSQL stopped 10 s',
        () => cluster.postgres.suspend(),
        () => cluster.postgres.resume(),
        OUTAGE_MS,
      ),
    ),
    at(34 * span, () =>
      window(
        'Redis stopped 10 s',
        () => cluster.redis.stop(),
        () => cluster.redis.start(),
        OUTAGE_MS,
      ),
    ),
    at(46 * span, () =>
      window(
        '360dialog hangs, then 5xx, 8 s',
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
}

async function waitForOutcomes(apiUrl: string, taskIds: string[], deadline: number): Promise<TaskOutcome[]> {
  const outcomes = new Map<string, TaskOutcome>();
  while (Date.now() < deadline) {
    const open = taskIds.filter((id) => !outcomes.has(id));
    if (open.length === 0) break;
    for (let i = 0; i < open.length; i += 20) {
      await Promise.all(
        open.slice(i, i + 20).map(async (id) => {
          const res = await fetch(`${apiUrl}/notification/${CHAOS_WEBHOOK}/tasks/${id}`).catch(
            () => undefined,
          );
          const view = (await res?.json().catch(() => undefined)) as
            { branch?: string | null; description?: string | null } | undefined;
          if (res?.ok && view?.branch)
            outcomes.set(id, { taskId: id, branch: view.branch, description: view.description ?? null });
        }),
      );
    }
    await sleep(2000);
  }
  return taskIds.map((id) => outcomes.get(id) ?? { taskId: id, branch: null, description: null });
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'wa-notify-chaos-'));
  console.log(`chaos run (${short ? 'short' : 'full'}): logs in ${dir}`);
  const cluster = await startCluster(dir);
  const stop = () => void cluster.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    const faults: FaultWindow[] = [];
    const [requests] = (await Promise.all([
      runPacedLoad({
        apiUrls: cluster.apiUrls,
        webhook: CHAOS_WEBHOOK,
        ratePerSecond: RATE,
        durationMs: LOAD_SECONDS * 1000,
      }),
      schedule(cluster, faults),
    ])) as [RequestRecord[], unknown];
    const accepted = requests.flatMap((r) => (r.taskId ? [r.taskId] : []));
    console.log(`load done: ${accepted.length} accepted; waiting for them to resolve`);
    const outcomes = await waitForOutcomes(cluster.apiUrls[0] ?? '', accepted, Date.now() + 300_000);
    // Let the mock's retries of late callbacks finish before counting lost ones.
    await sleep(5000);
    const messages = await cluster.mock.messages();
    const deliveries = await cluster.mock.deliveries({});
    const sends = messages.map((m) => Date.parse(m.sentAt));
    const counts = countRequests(requests);
    const resolved = outcomes.filter((o) => o.branch !== null).length;
    const rows: [string, string][] = [
      ['load', `${RATE} req/s for ${LOAD_SECONDS} s over 2 api replicas, 2 workers`],
      ['requests sent', String(counts.sent)],
      ['accepted (200)', String(counts.accepted)],
      ['answered 503', String(counts.unavailable)],
      [
        'other answers (status: count; error = no answer in 15 s)',
        `${counts.other} ${JSON.stringify(counts.others)}`,
      ],
      ['accepted tasks resolved', `${resolved} of ${accepted.length}`],
      ...Object.entries(outcomeCounts(outcomes)).map(([k, v]): [string, string] => [`  ${k}`, String(v)]),
      ['duplicate sends', String(duplicateSends(messages))],
      [
        'callbacks lost (mock retried up to ' + MOCK_RETRY.maxAttempts + 'x)',
        String(lostCallbacks(deliveries) - pendingCallbacks(deliveries, MOCK_RETRY.maxAttempts)),
      ],
      ['callbacks still being retried', String(pendingCallbacks(deliveries, MOCK_RETRY.maxAttempts))],
      ...faults
        .sort((a, b) => a.start - b.start)
        .map((f): [string, string] => {
          const r = recovery(f, requests, sends);
          const s = (ms?: number) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
          return [`recovery after: ${f.name}`, `intake ${s(r.intakeMs)}, sends ${s(r.sendMs)}`];
        }),
    ];
    const report = table(rows);
    console.log(`\n${report}\n`);
    await writeFile(join(dir, 'report.md'), `${report}\n`);
    const lost = lostCallbacks(deliveries) - pendingCallbacks(deliveries, MOCK_RETRY.maxAttempts);
    return resolved === accepted.length && duplicateSends(messages) === 0 && lost === 0 ? 0 : 1;
  } finally {
    await cluster.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
