import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireFor } from '../../../service/config.js';

const CLUSTER = { TEMPORAL_ADDRESS: 'temporal.internal:7233', DATABASE_URL: 'postgres://db/wa' };

describe('what the production entrypoints require', () => {
  it('names every missing variable at once', () => {
    expect(() => requireFor('api', loadConfig({}))).toThrow(
      new ConfigError('TEMPORAL_ADDRESS, DATABASE_URL, ADMIN_TOKEN are required by the api entrypoint.'),
    );
    expect(() => requireFor('worker', loadConfig({ TEMPORAL_ADDRESS: CLUSTER.TEMPORAL_ADDRESS }))).toThrow(
      new ConfigError('DATABASE_URL is required by the worker entrypoint.'),
    );
  });

  it('passes when they are set', () => {
    expect(() => requireFor('worker', loadConfig(CLUSTER))).not.toThrow();
    expect(() => requireFor('api', loadConfig({ ...CLUSTER, ADMIN_TOKEN: 'x'.repeat(16) }))).not.toThrow();
  });

  // The real process: it must stop before touching Temporal or any database, with a readable line.
  it('the worker process exits 1 without DATABASE_URL, saying so', () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    env.TEMPORAL_ADDRESS = '127.0.0.1:1';
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'service/worker-main.ts'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'wa-notify worker failed to start: DATABASE_URL is required by the worker entrypoint.\n',
    );
  });
});
