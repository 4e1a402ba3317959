/**
 * `npm run chaos [-- --short]`: a fault run on the production layout (see cluster.ts) under paced
 * load. During the load it SIGKILLs a worker, restarts the Temporal server, stops PostgreSQL and
 * Redis for 10 s each, and makes the 360dialog mock hang and answer 5xx for a while. Then it waits
 * for every accepted task to resolve and prints a table: requests, resolved tasks, duplicate sends,
 * lost callbacks and the recovery time after each fault. A script, not a test: it asserts nothing,
 * but exits 1 when an accepted task is unresolved, a send was duplicated, a callback was lost or a
 * fault could not be applied. Each unresolved task is printed with its row and its workflow's last
 * events (diagnose.ts), so a failed verdict can be read from CI output alone. Loopback only; every
 * wait is bounded.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveryRecord, SentMessage } from '../mock-360dialog/types.js';
import { CHAOS_WEBHOOK, MOCK_RETRY, startCluster } from './cluster.js';
import { collectUnresolved, formatUnresolved } from './diagnose.js';
import { runFaults } from './faults.js';
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
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForOutcomes(apiUrl: string, taskIds: string[], deadline: number): Promise<TaskOutcome[]> {
  const outcomes = new Map<string, TaskOutcome>();
  while (Date.now() < deadline) {
    const open = taskIds.filter((id) => !outcomes.has(id));
    if (open.length === 0) break;
    for (let i = 0; i < open.length; i += 20) {
      await Promise.all(
        open.slice(i, i + 20).map(async (id) => {
          const res = await fetch(`${apiUrl}/notification/${CHAOS_WEBHOOK}/tasks/${id}`, {
            signal: AbortSignal.timeout(10_000),
          }).catch(() => undefined);
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

/** When each fault happened, to set against the timestamps of an unresolved task. */
function faultTimes(faults: FaultWindow[]): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  return faults
    .map((f) => {
      const span = `${iso(f.start)}${f.end !== f.start ? ` to ${iso(f.end)}` : ''}`;
      return `fault ${f.name}: ${span}${f.error !== undefined ? ` (failed: ${f.error})` : ''}`;
    })
    .join('\n');
}

/** What the run recorded, for the table and the verdict. */
interface RunRecord {
  requests: RequestRecord[];
  faults: FaultWindow[];
  outcomes: TaskOutcome[];
  messages: SentMessage[];
  deliveries: DeliveryRecord[];
}

function tableRows(run: RunRecord): [string, string][] {
  const { requests, faults, outcomes, messages, deliveries } = run;
  const sends = messages.map((m) => Date.parse(m.sentAt));
  const counts = countRequests(requests);
  const resolved = outcomes.filter((o) => o.branch !== null).length;
  const pending = pendingCallbacks(deliveries, MOCK_RETRY.maxAttempts);
  const seconds = (ms?: number) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
  return [
    ['load', `${RATE} req/s for ${LOAD_SECONDS} s over 2 api replicas, 2 workers`],
    ['requests sent', String(counts.sent)],
    ['accepted (200)', String(counts.accepted)],
    ['answered 503', String(counts.unavailable)],
    [
      'other answers (status: count; error = no answer in 15 s)',
      `${counts.other} ${JSON.stringify(counts.others)}`,
    ],
    ['accepted tasks resolved', `${resolved} of ${outcomes.length}`],
    ...Object.entries(outcomeCounts(outcomes)).map(([k, v]): [string, string] => [`  ${k}`, String(v)]),
    ['duplicate sends', String(duplicateSends(messages))],
    [
      `callbacks lost (mock retried up to ${MOCK_RETRY.maxAttempts}x)`,
      String(lostCallbacks(deliveries) - pending),
    ],
    ['callbacks still being retried', String(pending)],
    ...faults.map((f, i): [string, string] => {
      if (f.error !== undefined) return [`fault NOT applied: ${f.name}`, f.error];
      const r = recovery(f, requests, sends);
      // Past the next fault's start the figure measures that fault too: say so instead.
      const cut = (ms?: number) => {
        const next = faults[i + 1]?.start;
        if (ms === undefined || next === undefined || f.end + ms <= next) return seconds(ms);
        return `> ${seconds(next - f.end)} (the next fault began)`;
      };
      return [`recovery after: ${f.name}`, `intake ${cut(r.intakeMs)}, sends ${cut(r.sendMs)}`];
    }),
  ];
}

/** 0 only when every accepted task resolved, nothing was sent twice, no callback lost and every fault happened. */
function verdict(run: RunRecord): number {
  const lost = lostCallbacks(run.deliveries) - pendingCallbacks(run.deliveries, MOCK_RETRY.maxAttempts);
  const ok =
    run.outcomes.every((o) => o.branch !== null) &&
    duplicateSends(run.messages) === 0 &&
    lost === 0 &&
    run.faults.every((f) => f.error === undefined);
  return ok ? 0 : 1;
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'wa-notify-chaos-'));
  console.log(`chaos run (${short ? 'short' : 'full'}): logs in ${dir}`);
  const cluster = await startCluster(dir);
  const stop = () => void cluster.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    const [requests, faults] = await Promise.all([
      runPacedLoad({
        apiUrls: cluster.apiUrls,
        webhook: CHAOS_WEBHOOK,
        ratePerSecond: RATE,
        durationMs: LOAD_SECONDS * 1000,
      }),
      runFaults(cluster, LOAD_SECONDS),
    ]);
    const accepted = requests.flatMap((r) => (r.taskId ? [r.taskId] : []));
    console.log(`load done: ${accepted.length} accepted; waiting for them to resolve`);
    const outcomes = await waitForOutcomes(cluster.apiUrls[0] ?? '', accepted, Date.now() + 300_000);
    // Let the mock's retries of late callbacks finish before counting lost ones.
    await sleep(5000);
    const run: RunRecord = {
      requests,
      faults,
      outcomes,
      messages: await cluster.mock.messages(),
      deliveries: await cluster.mock.deliveries({}),
    };
    const unresolved = outcomes.filter((o) => o.branch === null).map((o) => o.taskId);
    const diagnosis = formatUnresolved(
      await collectUnresolved(unresolved, cluster.postgres.url, cluster.temporalAddress),
    );
    const report = [table(tableRows(run)), faultTimes(faults), diagnosis]
      .filter((t) => t !== '')
      .join('\n\n');
    console.log(`\n${report}\n`);
    await writeFile(join(dir, 'report.md'), `${report}\n`);
    return verdict(run);
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
