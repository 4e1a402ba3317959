import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../service/config.js';
import { createMemoryLogger, DEFAULT_REDACT_KEYS } from '../../../lib/logger.js';

describe('service environment', () => {
  it('has the SPEC section 7 defaults', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 10040,
      publicBaseUrl: 'http://localhost:10040',
      DATA_DIR: '.data',
      TEMPORAL_NAMESPACE: 'default',
      STATUS_TIMEOUT_SECONDS: 86_400,
      SEND_MAX_WAIT_SECONDS: 3_600,
      INTAKE_ANSWER_WITHIN_MS: 20,
    });
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
  });

  it('takes an intake answer window from 0 ms to 60 s and refuses anything else', () => {
    expect(loadConfig({ INTAKE_ANSWER_WITHIN_MS: '0' }).INTAKE_ANSWER_WITHIN_MS).toBe(0);
    expect(loadConfig({ INTAKE_ANSWER_WITHIN_MS: '5000' }).INTAKE_ANSWER_WITHIN_MS).toBe(5000);
    for (const bad of ['-1', '1.5', 'soon', '60001']) {
      expect(() => loadConfig({ INTAKE_ANSWER_WITHIN_MS: bad })).toThrow(/INTAKE_ANSWER_WITHIN_MS/);
    }
  });

  it('takes a worker nice value from 0 (the default: unchanged) to 19 and refuses anything else', () => {
    expect(loadConfig({}).WORKER_NICE).toBe(0);
    expect(loadConfig({ WORKER_NICE: '10' }).WORKER_NICE).toBe(10);
    for (const bad of ['-1', '20', '2.5', 'low']) {
      expect(() => loadConfig({ WORKER_NICE: bad })).toThrow(/WORKER_NICE/);
    }
  });

  it("takes the embedded dev server's nice value from 0 to 19, 10 by default, and refuses anything else", () => {
    expect(loadConfig({}).TEMPORAL_DEV_NICE).toBe(10);
    expect(loadConfig({ TEMPORAL_DEV_NICE: '0' }).TEMPORAL_DEV_NICE).toBe(0);
    for (const bad of ['-1', '20', '2.5', 'low']) {
      expect(() => loadConfig({ TEMPORAL_DEV_NICE: bad })).toThrow(/TEMPORAL_DEV_NICE/);
    }
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', ADMIN_TOKEN: 'short', PUBLIC_BASE_URL: 'not a url' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'eighty', ADMIN_TOKEN: 'short' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT: .*\n {2}ADMIN_TOKEN: must be at least 16 characters/);
    }
  });

  it('redacts an API key in a log line by the configured keys, plus LOG_REDACT_KEYS', () => {
    const config = loadConfig({ LOG_REDACT_KEYS: 'crm_token, x-partner-auth' });
    const log = createMemoryLogger({ redactKeys: [...DEFAULT_REDACT_KEYS, ...config.LOG_REDACT_KEYS] });
    log.warn('360dialog call', {
      headers: { 'D360-API-KEY': 'live-key-123', 'x-partner-auth': 'p-1' },
      channel: { apiKey: 'live-key-123' },
      crm_token: 'c-9',
    });
    const line = log.lines[0] ?? '';
    expect(line).toContain('"D360-API-KEY":"[REDACTED]"');
    for (const secret of ['live-key-123', 'p-1', 'c-9']) expect(line).not.toContain(secret);
  });
});
