// @ts-check
/**
 * Container healthcheck of the wa-notify image (plain ESM, no build step; the image has no curl):
 *
 *   node deploy/healthcheck.js api      GET http://127.0.0.1:$PORT/readyz must answer 2xx
 *   node deploy/healthcheck.js worker   this container's worker must have polled its task queue lately
 *
 * The worker serves no HTTP, so its check asks Temporal (DescribeTaskQueue) for the pollers of the
 * workflow task queue and looks for one whose identity ends in `@<this hostname>` (the SDK's default
 * identity is `<pid>@<hostname>`, and a container's hostname is its own). Exit 0 = healthy, 1 = not.
 */
import { hostname } from 'node:os';

const TIMEOUT_MS = 4_000;
/** Long polls last up to ~70 s before the worker polls again; allow a little more. */
const POLLER_FRESH_MS = 120_000;
/** temporal.api.enums.v1 values, written out so the check needs only @temporalio/client. */
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

/** @param {NodeJS.ProcessEnv} env */
async function checkApi(env) {
  const url = `http://127.0.0.1:${env.PORT || '10040'}/readyz`;
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
}

/** @param {NodeJS.ProcessEnv} env */
async function checkWorker(env) {
  if (!env.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set');
  const { Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS, connectTimeout: TIMEOUT_MS });
  try {
    const taskQueue = env.TEMPORAL_TASK_QUEUE || 'wa-notify';
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
    });
    const suffix = `@${hostname()}`;
    const mine = (pollers ?? []).filter((p) => p.identity?.endsWith(suffix));
    const lastSeen = Math.max(0, ...mine.map((p) => Number(String(p.lastAccessTime?.seconds ?? 0)) * 1000));
    if (Date.now() - lastSeen > POLLER_FRESH_MS) {
      throw new Error(
        `no poller *${suffix} on task queue ${taskQueue} in the last ${POLLER_FRESH_MS / 1000} s`,
      );
    }
  } finally {
    await connection.close();
  }
}

const role = process.argv[2];
const check = role === 'api' ? checkApi : role === 'worker' ? checkWorker : undefined;
if (!check) {
  process.stderr.write('usage: node deploy/healthcheck.js api|worker\n');
  process.exit(2);
}
check(process.env).then(
  () => process.exit(0),
  (/** @type {unknown} */ err) => {
    process.stderr.write(`unhealthy: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
