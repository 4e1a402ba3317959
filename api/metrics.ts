/**
 * `GET /metrics`: the service's registry followed by the Temporal SDK's own metrics (workers,
 * polls, task latencies, and the workflows' `wa_notify_tasks_resolved`), which the SDK serves on an
 * internal loopback port; one scrape target covers both.
 */
import { Hono } from 'hono';
import type { Metrics } from '../lib/metrics.js';

export function createMetricsRoutes(metrics: Metrics, sdkMetricsUrl: string | undefined): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const own = await metrics.registry.metrics();
    const sdk = sdkMetricsUrl ? await fetchSdkMetrics(sdkMetricsUrl) : '';
    return c.text(`${own}\n${sdk}`, 200, { 'Content-Type': metrics.registry.contentType });
  });
  return app;
}

async function fetchSdkMetrics(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return await response.text();
  } catch (err) {
    return `# Temporal SDK metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`;
  }
}
