/**
 * Probes for orchestrators: `/healthz` says the process is alive; `/readyz` says it can do its job,
 * i.e. Temporal and the database answer, and names the dependency that does not (503).
 */
import { Hono } from 'hono';

export type ReadinessCheck = () => Promise<void>;

/** Each check gets this long; a dependency that hangs is as unready as one that refuses. */
export const READINESS_TIMEOUT_MS = 2000;

export function createHealthRoutes(checks: Record<string, ReadinessCheck>): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await probe(check)] as const),
    );
    const failing = results.filter(([, result]) => result !== 'ok').map(([name]) => name);
    const body = {
      status: failing.length === 0 ? 'ready' : 'Not ready',
      failing,
      checks: Object.fromEntries(results),
    };
    return c.json(body, failing.length === 0 ? 200 : 503);
  });
  return app;
}

async function probe(check: ReadinessCheck): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${READINESS_TIMEOUT_MS} ms`), READINESS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().then(() => 'ok'), timeout]);
  } catch (err) {
    return err instanceof Error ? (err.message.split('\n')[0] ?? 'failed') : String(err);
  } finally {
    clearTimeout(timer);
  }
}
