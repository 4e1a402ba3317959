/**
 * The production layout on one machine, for the chaos run: PostgreSQL, Redis, a file-backed
 * Temporal dev server, the 360dialog mock, two `api` and two `worker` processes — each a process of
 * its own, each of which a fault can stop and start again.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDevServer, type RunningTemporal } from '../../embedded/temporal/dev-server.js';
import { freePort } from '../../embedded/temporal/free-port.js';
import { loadConfig } from '../bench/bench-config.js';
import { startTestPostgres, type TestPostgres } from '../../test/support/postgres.js';
import { Mock360dialogControl } from '../mock-360dialog/index.js';
import { startEntry, type Proc } from './processes.js';
import { RestartableRedis } from './redis.js';

export const CHAOS_WEBHOOK = '1::c4a05c4a05c4a05c4a05c4a05c4a05c4';
/** 360dialog retries a webhook for a long time; the mock does so too here (about 8 minutes in all). */
export const MOCK_RETRY = { baseDelayMs: 500, factor: 2, maxAttempts: 10 };

export interface Cluster {
  postgres: TestPostgres;
  redis: RestartableRedis;
  mock: Mock360dialogControl;
  apiUrls: string[];
  /** The Temporal server's address: the same port across its restart. */
  temporalAddress: string;
  workers: Map<string, Proc>;
  restartTemporal(): Promise<void>;
  startWorker(name: string): Promise<Proc>;
  stop(): Promise<void>;
}

/** The benchmark's control plane (same template, same pipeline) under the chaos run's own names. */
function chaosConfig(mockUrl: string): string {
  return loadConfig(mockUrl, { name: 'chaos', webhook: CHAOS_WEBHOOK, apiKeyEnv: 'CHAOS_D360_KEY' });
}

export async function startCluster(dir: string): Promise<Cluster> {
  const procs: Proc[] = [];
  const postgres = await startTestPostgres();
  const redis = new RestartableRedis(await freePort());
  await redis.start();
  const temporalPort = await freePort();
  const dbFilename = join(dir, 'temporal.db');
  const devServer = () =>
    startDevServer({ port: temporalPort, dbFilename, env: { ...process.env, TEMPORAL_ADDRESS: '' } });
  let temporal: RunningTemporal = await devServer();

  const mockPort = await freePort();
  const mockUrl = `http://127.0.0.1:${mockPort}`;
  procs.push(
    await startEntry(
      'mock',
      'tools/mock-360dialog/main.ts',
      ['--port', String(mockPort)],
      {},
      `${mockUrl}/__mock/keys`,
      dir,
    ),
  );
  const mock = new Mock360dialogControl(mockUrl);
  await mock.registerKey({ key: 'chaos-key', flavour: 'cloud' });
  await mock.setConfig({ statusDelayMs: 50, retry: MOCK_RETRY });
  await writeFile(join(dir, 'config.yaml'), chaosConfig(mockUrl));

  const apiPorts = [await freePort(), await freePort()];
  const common = {
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    ADMIN_TOKEN: randomBytes(24).toString('hex'),
    PUBLIC_BASE_URL: `http://127.0.0.1:${apiPorts[0]}`,
    CHAOS_D360_KEY: 'chaos-key',
    LOG_LEVEL: 'warn',
    // Bounded waits, so that every accepted task resolves within the run: a status that never
    // comes shows up as "no status from channel" instead of a 24 h wait.
    STATUS_TIMEOUT_SECONDS: '150',
    SEND_EVIDENCE_SECONDS: '30',
  };
  const apiUrls: string[] = [];
  for (const [i, port] of apiPorts.entries()) {
    const url = `http://127.0.0.1:${port}`;
    const env = {
      ...common,
      PORT: String(port),
      ...(i === 0 ? { CONFIG_FILE: join(dir, 'config.yaml') } : {}),
    };
    procs.push(await startEntry(`api-${i + 1}`, 'service/api-main.ts', [], env, `${url}/healthz`, dir));
    apiUrls.push(url);
  }
  const workers = new Map<string, Proc>();
  const startWorker = async (name: string) => {
    const metricsPort = await freePort();
    const env = { ...common, METRICS_PORT: String(metricsPort) };
    const worker = await startEntry(
      name,
      'service/worker-main.ts',
      [],
      env,
      `http://127.0.0.1:${metricsPort}/healthz`,
      dir,
    );
    workers.set(name, worker);
    return worker;
  };
  await startWorker('worker-1');
  await startWorker('worker-2');

  return {
    postgres,
    redis,
    mock,
    apiUrls,
    temporalAddress: temporal.address,
    workers,
    startWorker,
    async restartTemporal() {
      await temporal.stop();
      temporal = await devServer();
    },
    async stop() {
      await Promise.all([...workers.values(), ...procs].map((p) => p.stop()));
      await temporal.stop();
      await redis.stop();
      await postgres.stop();
    },
  };
}
