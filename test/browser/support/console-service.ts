import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../embedded/temporal/free-port.js';
import {
  Mock360dialogControl,
  startMock360dialog,
  type Mock360dialog,
} from '../../../tools/mock-360dialog/index.js';
import { ServiceProcess } from '../../temporal/support/service-process.js';

export const ADMIN_TOKEN = 'console-admin-token-0123456789';
/** The D360-API-KEY the mock knows (a Cloud API key); the tests type it into the channel form. */
export const D360_KEY = 'console-d360-key';

/**
 * What a new user has: `npm start` (service/main.ts as a child process, embedded Temporal dev server
 * and database, the console built on first start) and the 360dialog mock standing in for 360dialog.
 */
export interface ConsoleService {
  service: ServiceProcess;
  mock: Mock360dialog;
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startConsoleService(): Promise<ConsoleService> {
  const reuse = process.env.CONSOLE_TEST_SERVICE_URL;
  if (reuse) return await reuseRunning(reuse);
  const mock = await startMock360dialog({ port: 0, config: { statusDelayMs: 5 } });
  await mock.control.registerKey({ key: D360_KEY, flavour: 'cloud' });
  const dataDir = await mkdtemp(join(tmpdir(), 'wa-console-'));
  const port = await freePort();
  const service = new ServiceProcess(port, {
    env: {
      DATA_DIR: join(dataDir, 'data'),
      ADMIN_TOKEN,
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    },
  });
  try {
    await service.start(180_000);
    await consoleBuilt(service.baseUrl, 180_000);
  } catch (error) {
    await mock.stop();
    throw error;
  }
  return {
    service,
    mock,
    baseUrl: service.baseUrl,
    async stop() {
      await service.stop();
      await mock.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * While developing the console: `CONSOLE_TEST_SERVICE_URL` (+ `CONSOLE_TEST_MOCK_URL`) point the
 * tests at a service you started yourself with ADMIN_TOKEN set to {@link ADMIN_TOKEN}; nothing is stopped.
 */
async function reuseRunning(baseUrl: string): Promise<ConsoleService> {
  const mockUrl = process.env.CONSOLE_TEST_MOCK_URL ?? '';
  await new Mock360dialogControl(mockUrl).registerKey({ key: D360_KEY, flavour: 'cloud' });
  return {
    service: undefined as unknown as ServiceProcess,
    mock: { url: mockUrl } as Mock360dialog,
    baseUrl,
    stop: () => Promise.resolve(),
  };
}

/**
 * `npm start` builds a stale console after the API is up (it answers 503 meanwhile): wait for it,
 * so a test never meets the build instead of the page.
 */
async function consoleBuilt(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await fetch(`${baseUrl}/console/`).catch(() => undefined);
    if (reply?.status === 200) return;
    if (reply?.status !== 503 || Date.now() > deadline) {
      throw new Error(`/console/ answered ${reply?.status ?? 'nothing'} after the service started`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
