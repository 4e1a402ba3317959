import { describe, expect, it } from 'vitest';
import {
  createMemoryLogger,
  MIN_REDACTED_VALUE_LENGTH,
  REDACTED,
  redactSecretValues,
} from '../../../lib/logger.js';

describe('structured logger', () => {
  it('writes one JSON object per line with the bindings of its children', () => {
    const log = createMemoryLogger({ now: () => new Date('2026-01-02T03:04:05Z') });
    log.child({ requestId: 'r-1' }).child({ taskId: 't-1' }).info('accepted', { status: 200 });
    expect(log.lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'info',
        msg: 'accepted',
        requestId: 'r-1',
        taskId: 't-1',
        status: 200,
      },
    ]);
  });

  it('redacts secret-named fields at any depth, whatever their case', () => {
    const log = createMemoryLogger();
    log.info('channel saved', {
      channel: {
        id: 'wa-main',
        apiKey: 'k-123',
        headers: { 'D360-API-KEY': 'k-123', 'X-Callback-Secret': 's-9' },
      },
      list: [{ authorization: 'Bearer t' }],
    });
    const line = log.lines[0] ?? '';
    expect(line).not.toContain('k-123');
    expect(line).not.toContain('s-9');
    expect(line).not.toContain('Bearer t');
    expect(JSON.parse(line)).toMatchObject({
      channel: {
        id: 'wa-main',
        apiKey: REDACTED,
        headers: { 'D360-API-KEY': REDACTED, 'X-Callback-Secret': REDACTED },
      },
      list: [{ authorization: REDACTED }],
    });
  });

  it('drops lines below the configured level', () => {
    const log = createMemoryLogger({ level: 'warn' });
    log.info('quiet');
    log.warn('loud');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toContain('"msg":"loud"');
  });

  it('serialises errors with their message', () => {
    const log = createMemoryLogger();
    log.error('send failed', { err: new Error('boom') });
    expect(JSON.parse(log.lines[0] ?? '{}')).toMatchObject({ err: { name: 'Error', message: 'boom' } });
  });

  it('redacts secret-named bindings of child loggers too', () => {
    const log = createMemoryLogger({ redactKeys: ['crm_token'] });
    log.child({ channel: { CRM_TOKEN: 'c-1', id: 'wa-main' } }).info('hook posted');
    expect(log.lines[0]).not.toContain('c-1');
    expect(JSON.parse(log.lines[0] ?? '{}')).toMatchObject({
      channel: { CRM_TOKEN: REDACTED, id: 'wa-main' },
    });
  });

  it('writes pino lines without pid or hostname, the level as its name', () => {
    const log = createMemoryLogger();
    log.warn('slow', { ms: 1200 });
    expect(Object.keys(JSON.parse(log.lines[0] ?? '{}') as object).sort()).toEqual([
      'level',
      'ms',
      'msg',
      'time',
    ]);
    expect(log.lines[0]).toContain('"level":"warn"');
  });

  it('serialises an error nested in a field, never its other properties', () => {
    const log = createMemoryLogger();
    const err = Object.assign(new Error('insert failed'), { params: ['live-key-123'] });
    log.error('request failed', { context: { error: err } });
    expect(log.lines[0]).not.toContain('live-key-123');
    expect(JSON.parse(log.lines[0] ?? '{}')).toMatchObject({
      context: { error: { name: 'Error', message: 'insert failed' } },
    });
  });
});

describe('secret values inside free text', () => {
  it('replaces every occurrence of each secret, the longer first', () => {
    const text = 'key live-key-123456 refused; secret live-key-123456-ext; again live-key-123456';
    expect(redactSecretValues(text, ['live-key-123456', 'live-key-123456-ext'])).toBe(
      `key ${REDACTED} refused; secret ${REDACTED}; again ${REDACTED}`,
    );
  });

  it('leaves values too short to tell apart from ordinary text, and missing ones', () => {
    const text = '360dialog could not be reached (getaddrinfo ENOTFOUND waba.360dialog.io)';
    expect(redactSecretValues(text, ['0', '', 'd', 'dialog', undefined])).toBe(text);
    const shortest = 'x'.repeat(MIN_REDACTED_VALUE_LENGTH);
    expect(redactSecretValues(`a ${shortest} b`, [shortest])).toBe(`a ${REDACTED} b`);
    expect(redactSecretValues(`a ${shortest.slice(1)} b`, [shortest.slice(1)])).toBe(
      `a ${shortest.slice(1)} b`,
    );
  });

  it('still redacts a short secret held in a secret-named field', () => {
    const log = createMemoryLogger();
    log.info('channel saved', { channel: { apiKey: '0', id: 'wa-0' } });
    expect(JSON.parse(log.lines[0] ?? '{}')).toMatchObject({ channel: { apiKey: REDACTED, id: 'wa-0' } });
  });
});
