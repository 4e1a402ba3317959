/**
 * `npm run bench`: intake throughput and latency against a Temporal dev server, with the 360dialog
 * mock as the channel, next to bare `client.workflow.start` calls in the same run (the ratio is what
 * matters), plus request-to-send latency of urgent tasks. A script that prints figures, not a test.
 * Everything runs on loopback; every loop is bounded.
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { createMemoryRateLimiter } from '../../api/intake/rate-limiter.js';
import { createLogger } from '../../lib/logger.js';
import { createHttpApp } from '../../service/http-app.js';
import { closeHttpServer, startHttpServer } from '../../service/runtime.js';
import { Client, Connection } from '@temporalio/client';
import { installTemporalRuntime } from '../../service/temporal-runtime.js';
import { openStore } from '../../store/index.js';
import { startMock360dialog } from '../mock-360dialog/index.js';
import { startDevServer } from '../temporal/dev-server.js';
import { freePort } from '../temporal/free-port.js';
import { NativeConnection } from '@temporalio/worker';
import { createWorker } from '../../worker/create-worker.js';
import { configureBenchSlot } from './setup.js';
import { percentile, runClosedLoop, runOpenLoop, type Sample } from './load.js';

const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,10,50').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);

async function main(): Promise<void> {
  installTemporalRuntime('warn');
  const logger = createLogger({ level: 'error' });
  const temporal = await startDevServer();
  const mock = await startMock360dialog({ port: 0, config: { statusDelayMs: 5 } });
  const store = await openStore({ logger });
  const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
  const taskQueue = `bench-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: temporal.address });
  const worker = await createWorker({
    connection,
    taskQueue,
    activityDeps: { channels: store, client, logger },
  });
  const workerRun = worker.run();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = createHttpApp({
    store,
    client,
    taskQueue,
    adminToken: randomUUID(),
    publicBaseUrl: baseUrl,
    rateLimiter: createMemoryRateLimiter(),
    logger,
    statusTimeoutSeconds: 600,
  });
  const server = await startHttpServer(app.fetch, port);
  const webhook = await configureBenchSlot({ store, mock, baseUrl });
  let phone = 79_000_000_000;
  const intake = (urgent: boolean) => async () => {
    const response = await fetch(`${baseUrl}/notification/${webhook}/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone_number: String((phone += 1)), is_urgent: urgent, order_id: 'B-1' }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`intake answered ${response.status}`);
  };
  const bareStart = async () => {
    // An empty workflow type on a queue nobody polls: this measures the start call alone.
    await client.workflow.start('benchEmptyWorkflow', {
      taskQueue: `${taskQueue}-bare`,
      workflowId: randomUUID(),
    });
  };

  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log(
    `\n| load | bare start/s | bare p50 / p99 ms | intake req/s | intake p50 / p99 ms | intake ÷ bare |`,
  );
  console.log('|---|---|---|---|---|---|');
  for (const concurrency of CONCURRENCIES) {
    const bare = await runClosedLoop(bareStart, REQUESTS, concurrency);
    const http = await runClosedLoop(intake(false), REQUESTS, concurrency);
    console.log(
      `| ${concurrency} concurrent | ${bare.rate.toFixed(0)} | ${ms(bare.samples, 50)} / ${ms(bare.samples, 99)} | ` +
        `${http.rate.toFixed(0)} | ${ms(http.samples, 50)} / ${ms(http.samples, 99)} | ${((100 * http.rate) / bare.rate).toFixed(0)} % |`,
    );
  }
  const paced = await runOpenLoop(intake(false), 100, Number(process.env.BENCH_PACED_SECONDS ?? 10));
  console.log(
    `| 100 req/s paced, ${paced.samples.length} requests | | | ${paced.rate.toFixed(0)} | ${ms(paced.samples, 50)} / ${ms(paced.samples, 99)} | |`,
  );

  const sendLatencies = await requestToSend(mock, baseUrl, webhook, Number(process.env.BENCH_URGENT ?? 50));
  console.log(
    `\nurgent request → mock received the send (${sendLatencies.length} tasks, 10 req/s): ` +
      `p50 ${percentile(sendLatencies, 50).toFixed(1)} ms, p99 ${percentile(sendLatencies, 99).toFixed(1)} ms`,
  );

  await closeHttpServer(server);
  worker.shutdown();
  await workerRun;
  await connection.close();
  await client.connection.close();
  await store.close();
  await mock.stop();
  await temporal.stop();
}

const ms = (samples: Sample[], p: number) =>
  percentile(
    samples.map((s) => s.ms),
    p,
  ).toFixed(1);

/** Urgent requests at 10/s; latency = the mock's receive time of the send minus the request start. */
async function requestToSend(
  mock: Awaited<ReturnType<typeof startMock360dialog>>,
  baseUrl: string,
  webhook: string,
  count: number,
) {
  const started = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const recipient = String(78_000_000_000 + i);
    started.set(recipient, Date.now());
    const response = await fetch(`${baseUrl}/notification/${webhook}/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone_number: recipient, is_urgent: true, order_id: 'U-1' }),
    });
    await response.arrayBuffer();
    await new Promise((r) => setTimeout(r, 100));
  }
  const sends = await mock.control.waitForRequests(count, { path: '/messages', timeoutMs: 60_000 });
  return sends
    .map((send) => {
      const to = String((send.body as { to?: string }).to ?? '').replace('+', '');
      const at = started.get(to);
      return at === undefined ? undefined : Date.parse(send.receivedAt) - at;
    })
    .filter((v): v is number => v !== undefined);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
