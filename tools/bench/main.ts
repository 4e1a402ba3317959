/**
 * `npm run bench`: intake throughput and latency of the running service (a child process, as
 * `npm start` runs it, against a Temporal dev server), the 360dialog mock in a process of its own as
 * the channel, and this process only generating load. In the same run: bare `client.workflow.start`
 * calls (the ratio is what matters) and request-to-send latency of urgent tasks. Prints figures;
 * not a test. Loopback only; every loop is bounded.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Mock360dialogControl } from '../mock-360dialog/index.js';
import { startDevServer } from '../../embedded/temporal/dev-server.js';
import { freePort } from '../../embedded/temporal/free-port.js';
import { benchConfig, BENCH_WEBHOOK } from './bench-config.js';
import { percentile, runClosedLoop, runOpenLoop, type Sample } from './load.js';
import { startChild, type Child } from './processes.js';

const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,10,50').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 10);
const URGENT = Number(process.env.BENCH_URGENT ?? 50);

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wa-notify-bench-'));
  const temporal = await startDevServer({ env: { ...process.env, TEMPORAL_ADDRESS: '' } });
  const children: Child[] = [];
  // Ctrl-C must not leave the mock, the service or the dev server running.
  const interrupted = () => {
    void Promise.all(children.map((child) => child.stop()))
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
      LOG_LEVEL: 'warn',
    };
    children.push(await startChild('service', ['service/main.ts'], env, `${baseUrl}/healthz`));
    await runBench(temporal.address, baseUrl, mock);
  } finally {
    for (const child of children.reverse()) await child.stop();
    await temporal.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function runBench(address: string, baseUrl: string, mock: Mock360dialogControl): Promise<void> {
  const client = new Client({ connection: await Connection.connect({ address }) });
  let phone = 79_000_000_000;
  let accepted = 0;
  /**
   * Waits until the system is idle again: every accepted task reached the mock and no status
   * callback went out for 2 s. Phases must not measure the previous phase's backlog.
   */
  const settle = async () => {
    await mock.waitForRequests(accepted, { path: '/messages', timeoutMs: 120_000 });
    let last = -1;
    for (let i = 0; i < 300; i++) {
      const count = (await mock.deliveries()).length;
      if (count === last) return;
      last = count;
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  const intake = (urgent: boolean) => async () => {
    const response = await fetch(`${baseUrl}/notification/${BENCH_WEBHOOK}/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone_number: String((phone += 1)), is_urgent: urgent, order_id: 'B-1' }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`intake answered ${response.status}`);
    accepted += 1;
  };
  const queue = `bench-bare-${randomUUID()}`;
  // An empty workflow type on a queue nobody polls: the start call alone, what intake cannot beat.
  const bareStart = async () =>
    void (await client.workflow.start('benchEmptyWorkflow', { taskQueue: queue, workflowId: randomUUID() }));

  // Light-load latency first, on an idle system.
  const latencies = await requestToSend(baseUrl, mock);
  accepted += latencies.length;
  await settle();

  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
  );
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
  console.log(
    `| paced 100 req/s, ${paced.samples.length} requests | | | ${paced.rate.toFixed(0)} | ${ms(paced.samples)} | |`,
  );

  console.log(
    `\nurgent request → mock received the send (${latencies.length} tasks at 10 req/s): ` +
      `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
  await client.connection.close();
}

const ms = (samples: Sample[]) =>
  `${percentile(
    samples.map((s) => s.ms),
    50,
  ).toFixed(1)} / ${percentile(
    samples.map((s) => s.ms),
    99,
  ).toFixed(1)}`;

/** Urgent requests at 10/s to fresh recipients; latency = the mock's receive time − the request's start. */
async function requestToSend(baseUrl: string, mock: Mock360dialogControl): Promise<number[]> {
  const started = new Map<string, number>();
  for (let i = 0; i < URGENT; i++) {
    const recipient = String(78_000_000_000 + i);
    started.set(recipient, Date.now());
    const response = await fetch(`${baseUrl}/notification/${BENCH_WEBHOOK}/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone_number: recipient, is_urgent: true, order_id: 'U-1' }),
    });
    await response.arrayBuffer();
    await new Promise((r) => setTimeout(r, 100));
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const sends = (await mock.requests({ path: '/messages' }))
      .map((send) => ({
        to: String((send.body as { to?: string }).to ?? '').replace('+', ''),
        at: Date.parse(send.receivedAt),
      }))
      .filter((send) => started.has(send.to));
    if (sends.length >= URGENT || Date.now() > deadline)
      return sends.map((send) => send.at - (started.get(send.to) ?? 0));
    await new Promise((r) => setTimeout(r, 250));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
