import { parseArgs } from 'node:util';
import { DEFAULT_PORT } from './defaults.js';
import { startMock360dialog } from './server.js';

/** CLI: `npm run mock:360dialog -- --port 10041 --host 127.0.0.1`; stops on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`invalid --port ${values.port}`);
    process.exit(2);
  }
  const mock = await startMock360dialog({ port, host: values.host });
  console.log(`360dialog mock listening on ${mock.url} (control API under ${mock.url}/__mock)`);
  const shutdown = (signal: string): void => {
    console.log(`${signal}: stopping 360dialog mock`);
    void mock.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
