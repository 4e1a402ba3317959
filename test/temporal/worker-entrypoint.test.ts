/**
 * The production `worker` entrypoint (`npm run start:worker`) as a deployment runs it: a Temporal
 * server, PostgreSQL, and `WORKER_NICE` for a machine it shares with the `api`. The value is set
 * before the Temporal core and the workflow threads exist, so every thread of the process must carry
 * it, those created afterwards included; and the worker still starts and serves its probes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { getPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type RunningTemporal } from '../../embedded/temporal/dev-server.js';
import { freePort } from '../../embedded/temporal/free-port.js';
import { niceValues } from '../support/nice-values.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const POLL = { timeout: 120_000, interval: 200 };

let temporal: RunningTemporal;
let postgres: TestPostgres;
let worker: ChildProcess;
let probes: string;
let output = '';

beforeAll(async () => {
  [temporal, postgres] = await Promise.all([
    startDevServer({ env: { ...process.env, TEMPORAL_ADDRESS: '' } }),
    startTestPostgres(),
  ]);
  const port = await freePort();
  probes = `http://127.0.0.1:${port}`;
  // Node itself, not the tsx wrapper: one process, whose threads are the worker's.
  worker = spawn(process.execPath, ['--import', 'tsx', 'service/worker-main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      DATABASE_URL: postgres.url,
      WORKER_NICE: '10',
      METRICS_PORT: String(port),
      TEMPORAL_TASK_QUEUE: 'worker-entrypoint-test',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
}, 180_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;
  }
  await temporal?.stop();
  await postgres?.stop();
});

const healthy = async () => {
  if (worker.exitCode !== null) throw new Error(`the worker exited (${worker.exitCode}): ${output}`);
  try {
    return (await fetch(`${probes}/healthz`)).ok;
  } catch {
    return false; // not listening yet
  }
};

describe.runIf(existsSync('/proc/self/task'))('the worker entrypoint with WORKER_NICE', () => {
  // Under nice 10 or more already, every thread would read that value anyway: the test could not fail.
  it.runIf(getPriority() < 10)(
    'runs every thread at that nice value, the Temporal core and workflow threads included, and serves',
    async () => {
      await expect.poll(healthy, POLL).toBe(true);
      const values = niceValues(worker.pid ?? -1);
      // Node's own threads, the core's runtime and the workflow thread pool.
      expect(values.length).toBeGreaterThan(8);
      expect(new Set(values)).toEqual(new Set([10]));
    },
    180_000,
  );

  it('stops cleanly on SIGTERM (the worker drains, the connections close)', async () => {
    await expect.poll(healthy, POLL).toBe(true);
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
