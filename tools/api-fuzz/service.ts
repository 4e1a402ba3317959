/**
 * The service as `tools/api-fuzz/run.sh` starts it: `service/main.ts` (what `npm start` runs) with
 * the global `fetch` limited to loopback first (see `loopback-only.ts`). One process, so the run's
 * SIGTERM reaches the service's own shutdown path.
 */
import { loopbackOnly } from './loopback-only.js';

/** run.sh counts these lines in the service log and prints the count. */
export const BLOCKED_LINE = 'api-fuzz: refused an off-machine request to';

globalThis.fetch = loopbackOnly(globalThis.fetch, (hostname) => {
  process.stderr.write(`${BLOCKED_LINE} ${hostname}\n`);
});
await import('../../service/main.js');
