import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { Connection } from '@temporalio/client';
import { startDevServer } from '../../embedded/temporal/dev-server.js';
import { planCli } from '../../embedded/temporal/cli.js';
import { planTestServer } from '../../tools/temporal/test-server.js';
import { niceValues } from '../support/nice-values.js';

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
