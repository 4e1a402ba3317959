/**
 * `npm run config:apply -- FILE`: applies a SPEC §7 config file to the store named by the
 * environment (`DATABASE_URL`, else the embedded database in `DATA_DIR`, default `.data/`) and prints
 * each slot's webhook and mailing-request URL. Exits 1 with a readable message when anything fails.
 * The embedded database is single-process: stop the service first, or use `CONFIG_FILE` at its start.
 */
import { applyConfig, formatSummary, loadConfigFile } from '../config-file/index.js';
import { createLogger } from '../lib/logger.js';
import { openStore } from '../store/index.js';
import { embeddedStoreDir } from '../service/paths.js';
import { DEFAULT_PORT } from '../service/config.js';

const USAGE = 'Usage: npm run config:apply -- FILE   (YAML or JSON, see examples/config.yaml)';

async function main(args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith('-'));
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const env = process.env;
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT ?? DEFAULT_PORT}`;
  // Logs go to stderr so stdout is just the summary; warnings and errors only.
  const logger = createLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) });
  const doc = await loadConfigFile(file); // before opening the store: a typo fails fast
  const dataDir = env.DATABASE_URL ? undefined : embeddedStoreDir(env.DATA_DIR ?? '.data');
  const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir, logger });
  try {
    const summary = await applyConfig(doc, { store, env, publicBaseUrl, logger });
    process.stdout.write(formatSummary(summary));
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`config:apply failed: ${message}\n`);
    process.exit(1);
  },
);
