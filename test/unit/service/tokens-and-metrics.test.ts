/**
 * Issue 9, "Tokens and metrics": the admin token is printed only when the service generated it, and
 * `/metrics` can be closed with a bearer token (METRICS_TOKEN).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../lib/metrics.js';
import { adminTokenLine, resolveAdminToken } from '../../../service/admin-token.js';
import { loadConfig } from '../../../service/config.js';
import { createMetricsRoutes, metricsTokenFromEnv } from '../../../api/metrics.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('admin token on the start banner', () => {
  it('does not print a token that came from ADMIN_TOKEN', async () => {
    const chosen = 'chosen-by-the-operator-0123456789';
    const admin = await resolveAdminToken(chosen, '/nonexistent');
    expect(admin.token).toBe(chosen);
    const line = adminTokenLine(admin);
    expect(line).not.toContain(chosen);
    expect(line).toContain('ADMIN_TOKEN');
  });

  it('prints a token the service generated, at first start and after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wa-token-'));
    dirs.push(dir);
    const first = await resolveAdminToken(undefined, dir);
    expect(adminTokenLine(first)).toContain(first.token);
    const again = await resolveAdminToken(undefined, dir);
    expect(again.token).toBe(first.token);
    expect(adminTokenLine(again)).toContain(first.token);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789abcdef';
  const app = createMetricsRoutes(createMetrics(), undefined, token);

  it('answers 401 without the token, with a wrong one and with another scheme', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-000000000000', `Basic ${token}`]) {
      const response = await app.request('/metrics', authorization ? { headers: { authorization } } : {});
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.text()).not.toContain('wa_notify_');
    }
  });

  it('serves the metrics with the token', async () => {
    const response = await app.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('wa_notify_tasks_accepted_total');
  });

  it('stays open when no token is configured', async () => {
    const open = createMetricsRoutes(createMetrics(), undefined, undefined);
    expect((await open.request('/metrics')).status).toBe(200);
  });

  it('reads the token from the environment, blank meaning unset, and validates it at start', () => {
    expect(metricsTokenFromEnv({ METRICS_TOKEN: `  ${token} ` })).toBe(token);
    expect(metricsTokenFromEnv({ METRICS_TOKEN: '  ' })).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: token }).METRICS_TOKEN).toBe(token);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
