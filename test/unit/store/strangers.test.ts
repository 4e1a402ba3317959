/**
 * SPEC §3 "Rate limit and strangers" [decided 2026-12], the lookup's half: made-up webhooks are
 * answered from what the service knows, with no query each and no eviction of live entries; the
 * known set follows other replicas' trainings within a second.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createMemoryLogger } from '../../../lib/logger.js';
import { createStore, type Database, type Store } from '../../../store/index.js';
import { ENGINES, useStore, type Engine } from './support/engines.js';
import { seedCompany, validSettings } from './support/fixtures.js';

function counting(db: Database): Database & { queries: number } {
  const wrapped = {
    engine: db.engine,
    queries: 0,
    query: ((sql: string, params?: readonly unknown[]) => {
      wrapped.queries += 1;
      return db.query(sql, params);
    }) as Database['query'],
    transaction: db.transaction.bind(db),
    close: () => Promise.resolve(),
  };
  return wrapped;
}

const madeUp = (companyId: number) => `${companyId}::${randomBytes(16).toString('hex')}`;

async function trainedSlot(store: Store): Promise<string> {
  await seedCompany(store);
  const slot = await store.createSlot({
    id: 'order-shipped',
    agentId: 'shop-bot',
    settings: validSettings(),
  });
  await store.trainAgent('shop-bot');
  return slot.webhook;
}

describe.each(ENGINES)('strangers on the $name engine', (engine: Engine) => {
  const h = useStore(engine);

  it('answers a flood of made-up webhooks without one query each', async () => {
    await trainedSlot(h.store);
    const db = counting(h.db);
    const store = createStore(db, { logger: createMemoryLogger() });
    for (let i = 0; i < 500; i++) {
      expect(await store.resolveWebhook(madeUp(13))).toMatchObject({
        outcome: 'notification_not_found',
        company: { id: 13, rateLimitPerSecond: 20 },
      });
      expect(await store.resolveWebhook(madeUp(900 + i))).toEqual({ outcome: 'company_not_found' });
    }
    expect(db.queries).toBeLessThanOrEqual(3); // the known set, loaded once
  });

  it('never evicts a live webhook for made-up ones', async () => {
    const live = await trainedSlot(h.store);
    const db = counting(h.db);
    const store = createStore(db, { logger: createMemoryLogger(), lookupCacheMaxEntries: 10 });
    expect(await store.resolveWebhook(live)).toMatchObject({ outcome: 'ok' });
    for (let i = 0; i < 200; i++) await store.resolveWebhook(madeUp(13));
    const before = db.queries;
    expect(await store.resolveWebhook(live)).toMatchObject({ outcome: 'ok' });
    expect(db.queries).toBe(before);
  });

  it('knows another replica’s new training within a second', async () => {
    await seedCompany(h.store);
    const slot = await h.store.createSlot({
      id: 'order-shipped',
      agentId: 'shop-bot',
      settings: validSettings(),
    });
    const replica = createStore(h.db, { logger: createMemoryLogger() });
    expect(await replica.resolveWebhook(slot.webhook)).toMatchObject({ outcome: 'notification_not_found' });
    await h.store.trainAgent('shop-bot'); // through the other replica
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await replica.resolveWebhook(slot.webhook)).toMatchObject({ outcome: 'ok' });
  });
});
