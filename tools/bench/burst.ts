/**
 * `npm run bench:burst`: a burst of N urgent mailing requests at once against one channel whose
 * number, at the 360dialog mock, accepts RATE sends per second (and answers 429 / 130429 beyond).
 * The service runs as `npm start` runs it (a child process, embedded store, a Temporal dev server),
 * with the channel's `send_rate_per_second` = RATE. Prints: how many were delivered (or what became
 * of the rest), duplicates, the most sends the mock saw in any 1 s against RATE, and the drain time
 * against N / RATE. Figures, not a test. Loopback only; every wait is bounded.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mock360dialogControl } from '../mock-360dialog/index.js';
import { startDevServer } from '../../embedded/temporal/dev-server.js';
import { freePort } from '../../embedded/temporal/free-port.js';
import { benchConfig, BENCH_WEBHOOK } from './bench-config.js';
import { startChild, type Child } from './processes.js';

const N = Number(process.env.BENCH_BURST ?? 120);
const RATE = Number(process.env.BENCH_RATE ?? 3);
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_SECONDS ?? Math.max(120, (3 * N) / RATE)) * 1000;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wa-notify-burst-'));
  const temporal = await startDevServer({ env: { ...process.env, TEMPORAL_ADDRESS: '' } });
  const children: Child[] = [];
  const interrupted = () => {
    void Promise.all(children.map((child) => child.stop()))
      .then(() => temporal.stop())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const mockPort = await freePort();
    const mockUrl = `http://127.0.0.1:${mockPort}`;
    children.push(
      await startChild(
        'mock',
        ['tools/mock-360dialog/main.ts', '--port', String(mockPort)],
        {},
        `${mockUrl}/__mock/keys`,
      ),
    );
    const mock = new Mock360dialogControl(mockUrl);
    await mock.registerKey({ key: 'bench-key', flavour: 'cloud', sendRatePerSecond: RATE });
    await mock.setConfig({ statusDelayMs: 5 });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const config = benchConfig(mockUrl).replace(
      'register_callbacks: true',
      `register_callbacks: true, send_rate_per_second: ${RATE}`,
    );
    await writeFile(join(dir, 'config.yaml'), config);
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
    await waitReady(`${baseUrl}/readyz`);
    await burst(baseUrl, mock);
  } finally {
    for (const child of children.reverse()) await child.stop();
    await temporal.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function burst(baseUrl: string, mock: Mock360dialogControl): Promise<void> {
  const started = Date.now();
  const taskIds = await Promise.all(
    Array.from({ length: N }, (_, i) => request(baseUrl, String(77_000_000_000 + i))),
  );
  const acceptedIn = Date.now() - started;
  const statuses = await waitForOutcomes(baseUrl, taskIds);
  const rate = await mock.sendRate({ key: 'bench-key' });
  const messages = (await mock.messages()).filter((m) => m.key === 'bench-key');
  const perRecipient = new Map<string, number>();
  for (const m of messages) perRecipient.set(m.waId, (perRecipient.get(m.waId) ?? 0) + 1);
  const duplicates = [...perRecipient.values()].filter((count) => count > 1).length;
  const drainMs = rate.lastAt === null ? NaN : Date.parse(rate.lastAt) - started;
  const byStatus = countBy(statuses);

  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log(
    `burst: ${N} urgent requests at once (all answered in ${(acceptedIn / 1000).toFixed(1)} s), channel and number at ${RATE} sends/s`,
  );
  console.log(`| figure | measured | reference |`);
  console.log(`|---|---|---|`);
  console.log(`| tasks delivered | ${byStatus.delivered ?? 0} of ${N} | ${N} |`);
  const others = Object.entries(byStatus).filter(([status]) => status !== 'delivered');
  console.log(
    `| tasks not delivered | ${others.length === 0 ? 'none' : others.map(([s, c]) => `${c} ${s}`).join(', ')} | none |`,
  );
  console.log(`| recipients messaged twice | ${duplicates} | 0 |`);
  console.log(
    `| sends the mock received / accepted / answered 429 | ${rate.attempts} / ${rate.accepted} / ${rate.rateLimited} | ${N} / ${N} / 0 |`,
  );
  console.log(`| most sends in any 1 s window | ${rate.maxInWindow} | configured rate ${RATE} |`);
  console.log(
    `| drain time (burst start → last send) | ${(drainMs / 1000).toFixed(1)} s | N / rate = ${(N / RATE).toFixed(1)} s |`,
  );
}

/** On a busy machine the service (bundling its workflows) may need longer than the child's first wait. */
async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`service not ready at ${url}`);
}

/** One urgent mailing request; answers the task id. */
async function request(baseUrl: string, phone: string): Promise<string> {
  const response = await fetch(`${baseUrl}/notification/${BENCH_WEBHOOK}/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone_number: phone, is_urgent: true, order_id: 'B-1' }),
  });
  const body = (await response.json()) as { task_id?: string };
  if (response.status !== 200 || body.task_id === undefined)
    throw new Error(`intake answered ${response.status}`);
  return body.task_id;
}

/** Polls the task status endpoint until every task is resolved or the deadline passes; answers the statuses. */
async function waitForOutcomes(baseUrl: string, taskIds: string[]): Promise<string[]> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const statuses: string[] = [];
    for (const id of taskIds) {
      const response = await fetch(`${baseUrl}/notification/${BENCH_WEBHOOK}/tasks/${id}`);
      statuses.push(((await response.json()) as { status: string }).status);
    }
    const open = statuses.filter((s) => !['delivered', 'failed', 'no_account'].includes(s)).length;
    if (open === 0 || Date.now() > deadline) return statuses;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
