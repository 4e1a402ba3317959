/**
 * `npm run bench`: the service (a child process, as `npm start` runs it) against the minimal
 * pipeline (issue 14: start, one send activity, first status signalled straight to it), both on the
 * same Temporal dev server, machine and SDK worker defaults, in the same run, for both embedded
 * modes (file-backed as `npm start` runs it, and in-memory). Also the intake figures: bare
 * `client.workflow.start` calls against the intake, and intake latency at 100 req/s paced while the
 * pipeline runs. Prints figures; not a test. Loopback only; every loop is bounded; sizes are knobs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Mock360dialogControl } from '../mock-360dialog/index.js';
import { startDevServer } from '../../embedded/temporal/dev-server.js';
import { envSchema } from '../../service/config.js';
import { freePort } from '../../embedded/temporal/free-port.js';
import { buildWorkflowBundle } from '../build-workflow-bundle.js';
import { BASELINE_QUEUE, startBaseline } from './baseline/pipeline.js';
import { benchConfig, BENCH_WEBHOOK } from './bench-config.js';
import { postJson } from './http-post.js';
import { percentile, runClosedLoop, runOpenLoop, type Sample } from './load.js';
import { measurePipeline, type Pipeline, type PipelineFigures } from './pipelines.js';
import { startChild, type Child } from './processes.js';
import { startTestPostgres, type TestPostgres } from '../../test/support/postgres.js';

/**
 * `file` and `memory`: the service as `npm start` runs it (one process: API, worker, PGlite) on a
 * file-backed or in-memory dev server. `split` (opt-in): the production topology on the same
 * file-backed dev server: an `api` process and a `worker` process sharing a PostgreSQL.
 */
type Mode = 'file' | 'memory' | 'split';
const MODES = (process.env.BENCH_MODES ?? 'file,memory').split(',').map((mode) => {
  if (mode === 'file' || mode === 'memory' || mode === 'split') return mode;
  throw new Error(`BENCH_MODES: unknown mode "${mode}" (use file, memory and/or split, comma-separated)`);
});
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '10').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 10);
// 100, not 30: the p50 of 30 urgent tasks moved by ±40 % from run to run on the 2-core machine.
const URGENT = Number(process.env.BENCH_URGENT ?? 100);
const TASKS = Number(process.env.BENCH_TASKS ?? 200);
const TASK_CONCURRENCY = Number(process.env.BENCH_TASK_CONCURRENCY ?? 20);

async function main(): Promise<void> {
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
  );
  console.log(
    `sizes: ${TASKS} non-urgent tasks at concurrency ${TASK_CONCURRENCY}, ${URGENT} urgent at 10/s, ` +
      `intake ${REQUESTS} requests per concurrency ${CONCURRENCIES.join('/')}, paced 100 req/s for ${PACED_SECONDS} s`,
  );
  // Bundled once, as the Docker image does: bundling on a busy 2-core machine takes minutes.
  const bundleDir = await mkdtemp(join(tmpdir(), 'wa-notify-bench-bundle-'));
  const bundle = await buildWorkflowBundle(join(bundleDir, 'workflows.js'));
  const results: { mode: string; service: PipelineFigures; baseline: PipelineFigures }[] = [];
  try {
    for (const mode of MODES) results.push({ mode, ...(await runMode(mode, bundle.path)) });
  } finally {
    await rm(bundleDir, { recursive: true, force: true });
  }
  printComparison(results);
}

const MODE_TITLES: Record<Mode, string> = {
  file: 'file-backed dev server (as npm start runs it)',
  memory: 'in-memory dev server',
  split:
    'file-backed dev server, api and worker processes on PostgreSQL (production topology), the worker at nice 10',
};

async function runMode(mode: Mode, bundlePath: string) {
  console.log(`\n## ${MODE_TITLES[mode]}`);
  const dir = await mkdtemp(join(tmpdir(), 'wa-notify-bench-'));
  const temporal = await startDevServer({
    env: { ...process.env, TEMPORAL_ADDRESS: '' },
    // As npm start runs it: TEMPORAL_DEV_NICE, checked and defaulted by the service's own schema.
    nice: envSchema.shape.TEMPORAL_DEV_NICE.parse(process.env.TEMPORAL_DEV_NICE),
    ...(mode !== 'memory' ? { dbFilename: join(dir, 'temporal.db') } : {}),
  });
  const children: Child[] = [];
  let postgres: TestPostgres | undefined;
  // Ctrl-C must not leave the mock, the service or the dev server running.
  const interrupted = () => {
    void Promise.all(children.map((child) => child.stop()))
      .then(() => postgres?.stop())
      .then(() => temporal.stop())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const mockPort = await freePort();
    children.push(
      await startChild(
        'mock',
        ['tools/mock-360dialog/main.ts', '--port', String(mockPort)],
        {},
        `http://127.0.0.1:${mockPort}/__mock/keys`,
      ),
    );
    const mock = new Mock360dialogControl(`http://127.0.0.1:${mockPort}`);
    await mock.registerKey({ key: 'bench-key', flavour: 'cloud' });
    await mock.registerKey({ key: 'baseline-key', flavour: 'cloud' });
    await mock.setConfig({ statusDelayMs: 5 });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    await writeFile(join(dir, 'config.yaml'), benchConfig(`http://127.0.0.1:${mockPort}`));
    const env = {
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      DATA_DIR: join(dir, 'data'),
      CONFIG_FILE: join(dir, 'config.yaml'),
      BENCH_D360_KEY: 'bench-key',
      WORKFLOW_BUNDLE_PATH: bundlePath,
      LOG_LEVEL: 'warn',
    };
    if (mode === 'split') {
      postgres = await startTestPostgres();
      const shared = { ...env, DATABASE_URL: postgres.url, ADMIN_TOKEN: randomUUID() };
      children.push(await startChild('api', ['service/api-main.ts'], shared, `${baseUrl}/healthz`));
      const metricsPort = await freePort();
      // The worker yields the CPU to the api, as docker-compose.yml's cpu_shares makes it do: here
      // both are processes of one cgroup, where a nice value is the same lever (README "Scaling").
      const { CONFIG_FILE: _applied, ...workerEnv } = {
        ...shared,
        METRICS_PORT: String(metricsPort),
        WORKER_NICE: '10',
      };
      children.push(
        await startChild(
          'worker',
          ['service/worker-main.ts'],
          workerEnv,
          `http://127.0.0.1:${metricsPort}/healthz`,
        ),
      );
    } else {
      children.push(await startChild('service', ['service/main.ts'], env, `${baseUrl}/healthz`));
    }
    return await runBench(temporal.address, baseUrl, mock, `http://127.0.0.1:${mockPort}`);
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    for (const child of children.reverse()) await child.stop();
    await postgres?.stop();
    await temporal.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function runBench(address: string, baseUrl: string, mock: Mock360dialogControl, mockUrl: string) {
  const client = new Client({ connection: await Connection.connect({ address }) });
  let phone = 79_000_000_000;
  const phones = () => String((phone += 1));
  let accepted = 0;
  /**
   * Waits until the system is idle again: every accepted task reached the mock and no status
   * callback went out for 2 s. Phases must not measure the previous phase's backlog.
   */
  const settle = async () => {
    // A backlog that does not drain in 2 min is reported, not fatal: the figures printed so far stand.
    await mock.waitForRequests(accepted, { path: '/messages', timeoutMs: 120_000 }).catch(async () => {
      const got = (await mock.requests({ path: '/messages' })).length;
      console.log(`warning: ${accepted - got} accepted tasks had not reached the mock after 2 min`);
      await describeStuck(client);
    });
    let last = -1;
    for (let i = 0; i < 300; i++) {
      const count = (await mock.deliveries()).length;
      if (count === last) return;
      last = count;
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  const intake = (urgent: boolean) => async () => {
    const response = await postJson(`${baseUrl}/notification/${BENCH_WEBHOOK}/chat`, {
      phone_number: String((phone += 1)),
      is_urgent: urgent,
      order_id: 'B-1',
    });
    if (response.status !== 200) throw new Error(`intake answered ${response.status}`);
    accepted += 1;
  };
  const queue = `bench-bare-${randomUUID()}`;
  // An empty workflow type on a queue nobody polls: the start call alone, what intake cannot beat.
  const bareStart = async () =>
    void (await client.workflow.start('benchEmptyWorkflow', { taskQueue: queue, workflowId: randomUUID() }));

  const baseline = await startBaseline(address, client, mockUrl, 'baseline-key');
  const hook = await fetch(`${mockUrl}/v1/configs/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'D360-API-KEY': 'baseline-key' },
    body: JSON.stringify({ url: baseline.callbackUrl }),
  });
  if (!hook.ok) throw new Error(`baseline webhook not registered: ${hook.status}`);
  const service: Pipeline = {
    name: 'service',
    types: ['taskWorkflow', 'chatEntityWorkflow'],
    taskType: 'taskWorkflow',
    async start(recipient, urgent) {
      const response = await postJson(`${baseUrl}/notification/${BENCH_WEBHOOK}/chat`, {
        phone_number: recipient,
        is_urgent: urgent,
        order_id: 'B-1',
      });
      if (response.status !== 200) throw new Error(`intake answered ${response.status}`);
      accepted += 1;
    },
  };
  const minimal: Pipeline = {
    name: 'minimal',
    types: ['baselineWorkflow'],
    taskType: 'baselineWorkflow',
    async start(recipient) {
      await client.workflow.start('baselineWorkflow', {
        taskQueue: BASELINE_QUEUE,
        workflowId: randomUUID(),
        args: [{ recipient }],
      });
      accepted += 1;
    },
  };
  const sizes = { tasks: TASKS, concurrency: TASK_CONCURRENCY, urgent: URGENT };
  const serviceFigures = await measurePipeline(service, client, mock, sizes, phones);
  await settle();
  const baselineFigures = await measurePipeline(minimal, client, mock, sizes, phones);
  await settle();
  await baseline.stop();
  printComparison([{ mode: 'this mode', service: serviceFigures, baseline: baselineFigures }]);

  console.log(
    `\n| load | bare start/s | bare p50 / p99 ms | intake req/s | intake p50 / p99 ms | intake ÷ bare |`,
  );
  console.log('|---|---|---|---|---|---|');
  for (const concurrency of CONCURRENCIES) {
    const bare = await runClosedLoop(bareStart, REQUESTS, concurrency);
    const http = await runClosedLoop(intake(false), REQUESTS, concurrency);
    await settle();
    const ratio = ((100 * http.rate) / bare.rate).toFixed(0);
    console.log(
      `| ${concurrency} concurrent, ${REQUESTS} each | ${bare.rate.toFixed(0)} | ${ms(bare.samples)} | ` +
        `${http.rate.toFixed(0)} | ${ms(http.samples)} | ${ratio} % |`,
    );
  }
  const paced = await runOpenLoop(intake(false), 100, PACED_SECONDS);
  const failed = Object.entries(paced.failures ?? {})
    .map(([why, n]) => `${n} × ${why}`)
    .join(', ');
  console.log(
    `| paced 100 req/s, ${paced.samples.length} answered 200${failed ? ` (also ${failed})` : ''} | | | ` +
      `${paced.rate.toFixed(0)} | ${ms(paced.samples)} | |`,
  );

  await client.connection.close();
  return { service: serviceFigures, baseline: baselineFigures };
}

function printComparison(results: { mode: string; service: PipelineFigures; baseline: PipelineFigures }[]) {
  console.log(
    '\n| mode | pipeline | resolved tasks/s | urgent request → send p50 / p99 ms | actions / task | events / task | open workflows after resolution |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const { mode, service, baseline } of results) {
    for (const [name, f] of [
      ['service', service],
      ['minimal', baseline],
    ] as const) {
      console.log(
        `| ${mode} | ${name} | ${f.resolvedPerSecond.toFixed(1)} | ${f.urgentP50.toFixed(0)} / ${f.urgentP99.toFixed(0)} | ` +
          `${(f.cost.actions / f.tasks).toFixed(2)} | ${(f.cost.events / f.tasks).toFixed(1)} | ${f.open} |`,
      );
    }
    const share = ((100 * service.resolvedPerSecond) / baseline.resolvedPerSecond).toFixed(0);
    const latency = (service.urgentP50 / baseline.urgentP50).toFixed(2);
    console.log(`| ${mode} | service ÷ minimal | ${share} % | ${latency} × (p50) | | | |`);
  }
  for (const { mode, service, baseline } of results) {
    for (const [name, f] of [
      ['service', service],
      ['minimal', baseline],
    ] as const) {
      const parts = Object.entries(f.cost.breakdown)
        .map(([k, v]) => `${k} ${(v / f.tasks).toFixed(2)}`)
        .join(', ');
      console.log(`${mode} ${name}: ${f.cost.workflows} workflows for ${f.tasks} tasks; per task: ${parts}`);
    }
  }
}

const ms = (samples: Sample[]) =>
  `${percentile(
    samples.map((s) => s.ms),
    50,
  ).toFixed(1)} / ${percentile(
    samples.map((s) => s.ms),
    99,
  ).toFixed(1)}`;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/** What a task that did not reach the mock is waiting for: its pending work and its last events. */
async function describeStuck(client: Client): Promise<void> {
  const query = `WorkflowType = 'taskWorkflow' AND ExecutionStatus = 'Running'`;
  let shown = 0;
  for await (const execution of client.workflow.list({ query })) {
    if ((shown += 1) > 5) break;
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
    const { raw } = await handle.describe();
    const activities = (raw.pendingActivities ?? []).map(
      (a) => `${a.activityType?.name} state ${a.state} attempt ${a.attempt} ${a.lastFailure?.message ?? ''}`,
    );
    const task = raw.pendingWorkflowTask;
    const history = await handle.fetchHistory();
    // Event types by number (TIMER_STARTED is 17), a timer with its duration: what it sleeps for.
    const last = (history.events ?? []).slice(-6).map((e) => {
      const timer = e.timerStartedEventAttributes?.startToFireTimeout?.seconds;
      return timer === undefined || timer === null
        ? String(e.eventType)
        : `${e.eventType} (timer ${String(timer)} s)`;
    });
    console.log(
      `  stuck ${execution.workflowId}: activities [${activities.join('; ')}], ` +
        `workflow task ${task ? `state ${task.state} attempt ${task.attempt}` : 'none'}, last events ${last.join(' → ')}`,
    );
  }
}
