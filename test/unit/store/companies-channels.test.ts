import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../lib/logger.js';
import { ConflictError, createStore, NotFoundError, ValidationError } from '../../../store/index.js';
import { ENGINES, useStore, type Engine } from './support/engines.js';

describe.each(ENGINES)('companies and channels on the $name engine', (engine: Engine) => {
  const h = useStore(engine);

  describe('companies', () => {
    it('defaults the rate limit to 20 requests per second (SPEC §1)', async () => {
      expect(await h.store.createCompany({ id: 13 })).toMatchObject({ id: 13, rateLimitPerSecond: 20 });
    });

    it('reads, lists by id and updates the rate limit', async () => {
      await h.store.createCompany({ id: 13 });
      await h.store.createCompany({ id: 2, rateLimitPerSecond: 5 });
      await h.store.updateCompany(13, { rateLimitPerSecond: 50 });
      expect(await h.store.getCompany(13)).toMatchObject({ rateLimitPerSecond: 50 });
      expect((await h.store.listCompanies()).map((c) => [c.id, c.rateLimitPerSecond])).toEqual([
        [2, 5],
        [13, 50],
      ]);
    });

    it('refuses a taken id, a non-positive id and an unknown company', async () => {
      await h.store.createCompany({ id: 13 });
      await expect(h.store.createCompany({ id: 13 })).rejects.toThrow(
        new ConflictError('Company 13 already exists'),
      );
      await expect(h.store.createCompany({ id: 0 })).rejects.toBeInstanceOf(ValidationError);
      await expect(h.store.updateCompany(99, { rateLimitPerSecond: 1 })).rejects.toThrow(
        new NotFoundError('Company'),
      );
      expect(await h.store.getCompany(2 ** 40)).toBeUndefined();
    });
  });

  describe('channel secrets read at send and callback time', () => {
    it('are served from memory: no query per read, and a change here is seen at once', async () => {
      await h.store.createCompany({ id: 40 });
      const { channel } = await h.store.createChannel({ companyId: 40, kind: '360dialog', apiKey: 'key-1' });
      expect(await h.store.getChannelSecrets(channel.id)).toMatchObject({ apiKey: 'key-1', active: true });
      // Changed behind the store's back: the cached answer stands (that is the point of it)…
      await h.db.query(`UPDATE channels SET api_key = 'behind-its-back' WHERE id = $1`, [channel.id]);
      expect(await h.store.getChannelSecrets(channel.id)).toMatchObject({ apiKey: 'key-1' });
      // …and a change through the store replaces it at once (SPEC §3 row 7: a deactivation counts now).
      await h.store.updateChannel(channel.id, { active: false });
      expect(await h.store.getChannelSecrets(channel.id)).toMatchObject({
        apiKey: 'behind-its-back',
        active: false,
      });
      await h.store.deleteChannel(channel.id);
      expect(await h.store.getChannelSecrets(channel.id)).toBeUndefined();
    });

    it("sees another replica's change within the TTL, and remembers no unknown id", async () => {
      await h.store.createCompany({ id: 41 });
      const { channel } = await h.store.createChannel({ companyId: 41, kind: '360dialog', apiKey: 'key-1' });
      const replica = createStore(h.db, { logger: createMemoryLogger(), lookupCacheTtlMs: 100 });
      expect(await replica.getChannelSecrets(channel.id)).toMatchObject({ active: true });
      await h.store.updateChannel(channel.id, { active: false }); // through the other replica
      expect(await replica.getChannelSecrets(channel.id)).toMatchObject({ active: true }); // stale, within bound
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await replica.getChannelSecrets(channel.id)).toMatchObject({ active: false });
      // With the default 5 s lookup TTL, secrets are still at most 1 s stale (a rotated key, a deactivation).
      const defaults = createStore(h.db, { logger: createMemoryLogger() });
      expect(await defaults.getChannelSecrets(channel.id)).toMatchObject({ apiKey: 'key-1' });
      await h.store.updateChannel(channel.id, { apiKey: 'key-2' });
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      expect(await defaults.getChannelSecrets(channel.id)).toMatchObject({ apiKey: 'key-2' });
      // An id that did not exist is asked again each time: a channel created elsewhere is seen at once.
      expect(await replica.getChannelSecrets('ch-later')).toBeUndefined();
      await h.store.createChannel({ id: 'ch-later', companyId: 41, kind: '360dialog', apiKey: 'k' });
      expect(await replica.getChannelSecrets('ch-later')).toMatchObject({ apiKey: 'k' });
    });
  });

  describe('channels', () => {
    it('defaults the base URL to the real 360dialog host of each kind, and to active', async () => {
      await h.store.createCompany({ id: 13 });
      const cloud = await h.store.createChannel({
        id: 'wa-cloud',
        companyId: 13,
        kind: '360dialog-cloud',
        apiKey: 'k1',
      });
      const onprem = await h.store.createChannel({
        id: 'wa-onprem',
        companyId: 13,
        kind: '360dialog',
        apiKey: 'k2',
      });
      expect(cloud.channel).toMatchObject({ baseUrl: 'https://waba-v2.360dialog.io', active: true });
      expect(onprem.channel).toMatchObject({ baseUrl: 'https://waba.360dialog.io', active: true });
    });

    it('generates a 32-byte callback secret when none is given, and says so once', async () => {
      await h.store.createCompany({ id: 13 });
      const made = await h.store.createChannel({
        id: 'wa-main',
        companyId: 13,
        kind: '360dialog',
        apiKey: 'k',
      });
      expect(made.generatedCallbackSecret).toMatch(/^[0-9a-f]{64}$/);
      const given = await h.store.createChannel({
        id: 'wa-two',
        companyId: 13,
        kind: '360dialog',
        apiKey: 'k',
        callbackSecret: 'a-secret-of-enough-length',
      });
      expect(given.generatedCallbackSecret).toBeUndefined();
      expect(await h.store.getChannelSecrets('wa-two')).toMatchObject({
        callbackSecret: 'a-secret-of-enough-length',
      });
    });

    it('generates a slug id when none is given', async () => {
      await h.store.createCompany({ id: 13 });
      const { channel } = await h.store.createChannel({ companyId: 13, kind: '360dialog', apiKey: 'k' });
      expect(channel.id).toMatch(/^ch-[0-9a-f]{12}$/);
    });

    it('never returns the API key or callback secret from ordinary reads', async () => {
      await h.store.createCompany({ id: 13 });
      const { channel } = await h.store.createChannel({
        id: 'wa-main',
        companyId: 13,
        kind: '360dialog',
        apiKey: 'SECRET-KEY',
      });
      const reads = [channel, await h.store.getChannel('wa-main'), ...(await h.store.listChannels(13))];
      expect(JSON.stringify(reads)).not.toContain('SECRET-KEY');
      expect(Object.keys(channel).sort()).toEqual(
        [
          'active',
          'baseUrl',
          'callbacksRegisteredUrl',
          'companyId',
          'createdAt',
          'id',
          'kind',
          'sendRatePerSecond',
          'updatedAt',
        ].sort(),
      );
    });

    it('gives activities the secrets by channel id, and nothing once deleted', async () => {
      await h.store.createCompany({ id: 13 });
      await h.store.createChannel({
        id: 'wa-main',
        companyId: 13,
        kind: '360dialog-cloud',
        baseUrl: 'http://127.0.0.1:9999/',
        apiKey: 'KEY',
        callbackSecret: 'cb-secret-0123456789',
      });
      expect(await h.store.getChannelSecrets('wa-main')).toEqual({
        id: 'wa-main',
        companyId: 13,
        kind: '360dialog-cloud',
        baseUrl: 'http://127.0.0.1:9999',
        apiKey: 'KEY',
        callbackSecret: 'cb-secret-0123456789',
        active: true,
        // Cloud's default send rate (issue 13).
        sendRatePerSecond: 80,
      });
      await h.store.deleteChannel('wa-main');
      expect(await h.store.getChannelSecrets('wa-main')).toBeUndefined();
      expect(await h.store.getChannel('wa-main')).toBeUndefined();
      await expect(h.store.deleteChannel('wa-main')).rejects.toThrow(new NotFoundError('Channel'));
    });

    it('rotates the API key, deactivates, and forgets the callback registration when credentials change', async () => {
      await h.store.createCompany({ id: 13 });
      await h.store.createChannel({ id: 'wa-main', companyId: 13, kind: '360dialog', apiKey: 'old' });
      await h.store.markCallbacksRegistered('wa-main', 'https://n.example.com/channels/wa-main/callbacks');
      const deactivated = await h.store.updateChannel('wa-main', { active: false });
      expect(deactivated).toMatchObject({
        active: false,
        callbacksRegisteredUrl: 'https://n.example.com/channels/wa-main/callbacks',
      });
      const rotated = await h.store.updateChannel('wa-main', { apiKey: 'new' });
      expect(rotated.callbacksRegisteredUrl).toBeNull();
      expect(await h.store.getChannelSecrets('wa-main')).toMatchObject({ apiKey: 'new', active: false });
    });

    it('moves a default base URL along when the kind changes, but keeps a custom one', async () => {
      await h.store.createCompany({ id: 13 });
      await h.store.createChannel({ id: 'wa-a', companyId: 13, kind: '360dialog', apiKey: 'k' });
      await h.store.createChannel({
        id: 'wa-b',
        companyId: 13,
        kind: '360dialog',
        baseUrl: 'http://mock:1',
        apiKey: 'k',
      });
      expect(await h.store.updateChannel('wa-a', { kind: '360dialog-cloud' })).toMatchObject({
        baseUrl: 'https://waba-v2.360dialog.io',
      });
      expect(await h.store.updateChannel('wa-b', { kind: '360dialog-cloud' })).toMatchObject({
        baseUrl: 'http://mock:1',
      });
    });

    it('refuses bad ids, base URLs, empty keys and weak secrets without echoing them', async () => {
      await h.store.createCompany({ id: 13 });
      const attempt = h.store.createChannel({
        id: 'WA_main',
        companyId: 13,
        kind: '360dialog',
        baseUrl: 'ftp://x',
        apiKey: ' ',
        callbackSecret: 'short',
      });
      await expect(attempt).rejects.toMatchObject({
        errors: [
          {
            field: 'id',
            message: "Use 1-63 characters: lowercase Latin letters, digits and '-', not starting with '-'",
          },
          { field: 'api_key', message: 'Please enter text' },
          {
            field: 'callback_secret',
            message: 'Must be 16 to 256 printable ASCII characters without spaces',
          },
          { field: 'base_url', message: 'Must be an http(s) URL without credentials, query or fragment' },
        ],
      });
    });

    it('refuses credentials in the base URL: they would end up in error messages', async () => {
      await h.store.createCompany({ id: 13 });
      const attempt = h.store.createChannel({
        companyId: 13,
        kind: '360dialog',
        baseUrl: 'https://u:p@x.example.com',
        apiKey: 'k',
      });
      await expect(attempt).rejects.toMatchObject({
        errors: [
          { field: 'base_url', message: 'Must be an http(s) URL without credentials, query or fragment' },
        ],
      });
    });

    it('refuses a channel of an unknown company and a taken id', async () => {
      await expect(
        h.store.createChannel({ id: 'wa', companyId: 5, kind: '360dialog', apiKey: 'k' }),
      ).rejects.toThrow(new NotFoundError('Company'));
      await h.store.createCompany({ id: 13 });
      await h.store.createChannel({ id: 'wa', companyId: 13, kind: '360dialog', apiKey: 'k' });
      await expect(
        h.store.createChannel({ id: 'wa', companyId: 13, kind: '360dialog', apiKey: 'k' }),
      ).rejects.toThrow(new ConflictError('Channel wa already exists'));
    });

    it('logs channel changes without the key or the secret', async () => {
      await h.store.createCompany({ id: 13 });
      await h.store.createChannel({
        id: 'wa',
        companyId: 13,
        kind: '360dialog',
        apiKey: 'LOGGED-KEY?',
        callbackSecret: 'LOGGED-SECRET-1234',
      });
      await h.store.updateChannel('wa', { apiKey: 'LOGGED-KEY-2', callbackSecret: 'LOGGED-SECRET-5678' });
      const log = h.logger.lines.join('\n');
      expect(log).toContain('channel updated');
      expect(log).not.toMatch(/LOGGED-/);
    });
  });
});
