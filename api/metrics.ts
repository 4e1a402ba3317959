/**
 * `GET /metrics`: the service's registry followed by the Temporal SDK's own metrics (workers,
 * polls, task latencies, and the workflows' `wa_notify_tasks_resolved`), which the SDK serves on an
 * internal loopback port; one scrape target covers both.
 *
 * Metrics name companies, channels and volumes, so they can be closed to strangers: with a token
 * (`METRICS_TOKEN`) a scrape must send `Authorization: Bearer <token>` (Prometheus'
 * `authorization: { credentials: … }`), anything else is 401.
 */
import { Hono } from 'hono';
import { constantTimeEquals } from '../lib/constant-time.js';
import type { Metrics } from '../lib/metrics.js';

/** `METRICS_TOKEN` as the environment gives it: blank means unset, i.e. `/metrics` stays open. */
export function metricsTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = env.METRICS_TOKEN?.trim();
  return token ? token : undefined;
}

export function createMetricsRoutes(
  metrics: Metrics,
  sdkMetricsUrl: string | undefined,
  token: string | undefined = metricsTokenFromEnv(),
): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    if (token !== undefined && !authorized(c.req.header('Authorization'), token)) {
      return c.json({ status: 'Unauthorized' }, 401, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    }
    const own = await metrics.registry.metrics();
    const sdk = sdkMetricsUrl ? await fetchSdkMetrics(sdkMetricsUrl) : '';
    return c.text(`${own}\n${sdk}`, 200, { 'Content-Type': metrics.registry.contentType });
  });
  return app;
}

function authorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  // Compared even when absent, so a missing header costs what a wrong one costs.
  return constantTimeEquals(match?.[1] ?? '', token) && match !== null;
}

async function fetchSdkMetrics(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return await response.text();
  } catch (err) {
    return `# Temporal SDK metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`;
  }
}
