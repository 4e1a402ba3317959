import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { Connection } from '@temporalio/client';
import { startDevServer } from '../../embedded/temporal/dev-server.js';
import { planCli } from '../../embedded/temporal/cli.js';
import { planTestServer } from '../../tools/temporal/test-server.js';
import { niceValues } from '../support/nice-values.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../embedded/temporal/free-port.js';
import { loadConfig } from '../../service/config.js';
import { temporalServer } from '../../service/runtime.js';

const portAccepts = (address: string) =>
  new Promise<boolean>((resolve) => {
    const [host, port] = address.split(':');
    const socket = createConnection({ host, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const withoutAddress = { ...process.env, TEMPORAL_ADDRESS: '' };

describe('dev server helper', () => {
  it('starts a server on a free loopback port that answers gRPC, and stops it', async () => {
    const server = await startDevServer({ env: withoutAddress });
    expect(server.source).toBe('cli');
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const connection = await Connection.connect({ address: server.address });
    const info = await connection.workflowService.getSystemInfo({});
    expect(info.capabilities?.signalAndQueryHeader).toBe(true);
    await connection.close();
    await server.stop();
    expect(await portAccepts(server.address)).toBe(false);
  });

  it.runIf(existsSync('/proc/self/task'))(
    'runs the server at the nice value asked for, every thread of it (npm start asks for 10)',
    async () => {
      const server = await startDevServer({ env: withoutAddress, nice: 10 });
      try {
        const values = niceValues(server.pid);
        expect(values.length).toBeGreaterThan(1);
        expect(new Set(values)).toEqual(new Set([10]));
        // It still serves.
        const connection = await Connection.connect({ address: server.address });
        await connection.workflowService.getSystemInfo({});
        await connection.close();
      } finally {
        await server.stop();
      }
    },
  );

  // temporalServer reads TEMPORAL_ADDRESS from the environment, as npm start does: unset it to run this.
  // Under nice 10 or more already, 0 and the default would look the same: the test could not fail.
  it.runIf(existsSync('/proc/self/task') && !process.env.TEMPORAL_ADDRESS && getPriority() < 10)(
    "npm start's server takes TEMPORAL_DEV_NICE: 0 leaves it at the service's own priority",
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'wa-notify-dev-nice-'));
      const config = loadConfig({
        TEMPORAL_DEV_NICE: '0',
        DATA_DIR: dataDir,
        TEMPORAL_DEV_PORT: String(await freePort()),
        TEMPORAL_UI_PORT: String(await freePort()),
      });
      const server = await temporalServer(config);
      try {
        // The service's own value (0 unless this test runs under nice): not raised to the default 10.
        expect(new Set(niceValues(server.pid))).toEqual(new Set([getPriority()]));
      } finally {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it('uses TEMPORAL_ADDRESS instead of starting anything', async () => {
    const server = await startDevServer({ env: { ...process.env, TEMPORAL_ADDRESS: '10.1.2.3:7233' } });
    expect(server).toMatchObject({ address: '10.1.2.3:7233', namespace: 'default', source: 'external' });
    await server.stop();
  });

  it('finds both servers in the cache after the first provisioning', () => {
    // Global setup provisioned them; a second run must not build again.
    expect(['cached', 'explicit']).toContain(planTestServer().source);
    expect(['cached', 'explicit']).toContain(planCli().source);
  });
});
