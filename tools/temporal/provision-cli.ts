/**
 * `npm run provision [-- --measure]`: provisions both Temporal servers into the cache (no-op when
 * cached) and, with --measure, prints how long each takes to start from the cache.
 */
import { createConnection } from 'node:net';
import { spawn } from 'node:child_process';
import { ensureCli } from '../../embedded/temporal/cli.js';
import { startDevServer } from '../../embedded/temporal/dev-server.js';
import { freePort } from '../../embedded/temporal/free-port.js';
import { toolsDir } from '../../embedded/temporal/paths.js';
import { ensureTestServer } from './test-server.js';

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(2)} s`;

async function measureTestServerStart(path: string): Promise<string> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(path, [String(port)], { stdio: 'ignore' });
  try {
    for (;;) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(true));
        socket.once('error', () => resolve(false));
        socket.once('connect', () => socket.destroy());
      });
      if (open) return seconds(started);
      if (Date.now() - started > 30_000) throw new Error('test server did not listen within 30 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const measure = process.argv.includes('--measure');
  console.log(`Temporal servers cache: ${toolsDir()}`);
  let since = Date.now();
  const testServer = await ensureTestServer();
  console.log(
    `time-skipping test server: ${testServer.type === 'existing-path' ? testServer.path : 'SDK download'} (${seconds(since)})`,
  );
  since = Date.now();
  const cli = await ensureCli();
  console.log(`dev server CLI: ${cli.path ?? 'SDK download'} (${seconds(since)})`);
  if (!measure) return;
  if (testServer.type === 'existing-path') {
    console.log(
      `time-skipping test server start (port open): ${await measureTestServerStart(testServer.path)}`,
    );
  }
  if (cli.path) {
    since = Date.now();
    const server = await startDevServer({ env: { ...process.env, TEMPORAL_ADDRESS: '' } });
    console.log(`dev server start (answers gRPC): ${seconds(since)}`);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
