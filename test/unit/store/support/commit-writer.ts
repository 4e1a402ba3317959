/**
 * Child process of the embedded engine's crash test: opens the store in the data directory given
 * as its argument and creates companies 1, 2, 3, … one at a time, printing each id once its
 * commit has been acknowledged. It never stops by itself: the test kills it.
 */
import { createMemoryLogger } from '../../../../lib/logger.js';
import { openStore } from '../../../../store/index.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: commit-writer.ts <data dir>');
const store = await openStore({ dataDir, logger: createMemoryLogger() });
for (let id = 1; ; id++) {
  await store.createCompany({ id, rateLimitPerSecond: 5 });
  process.stdout.write(`${id}\n`);
}
