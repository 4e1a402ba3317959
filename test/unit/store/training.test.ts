import { describe, expect, it } from 'vitest';
import { NotFoundError, type SlotSnapshot } from '../../../store/index.js';
import { ENGINES, useStore, type Engine } from './support/engines.js';
import { seedCompany, validSettings } from './support/fixtures.js';

describe.each(ENGINES)('training on the $name engine', (engine: Engine) => {
  const h = useStore(engine);

  it('publishes snapshot 1 with the exact durable SlotSnapshot shape', async () => {
    await seedCompany(h.store);
    await h.store.updateAgent('shop-bot', { inactivityTimeoutSeconds: 600 });
    const slot = await h.store.createSlot({
      id: 'order-shipped',
      agentId: 'shop-bot',
      settings: validSettings(),
    });
    const outcome = await h.store.trainAgent('shop-bot');
    // The snapshot carries the slot's settings as saved (the SPEC §7 example) plus what training adds.
    const example = validSettings();
    const expected: SlotSnapshot = {
      companyId: 13,
      agentId: 'shop-bot',
      trainingVersion: 1,
      slotId: 'order-shipped',
      slotName: example.name,
      webhook: slot.webhook,
      channel: { id: 'wa-main', kind: '360dialog-cloud' },
      inactivityTimeoutSeconds: 600,
      parseRequestBody: example.parseRequestBody,
      destination: example.destination,
      branchHooks: example.branchHooks,
    };
    // No 360dialog behind this channel: the template check can only warn (catalog tests cover it).
    expect(outcome).toEqual({
      outcome: 'trained',
      version: 1,
      slots: [expected],
      warnings: expect.any(Array) as unknown,
    });
    const training = await h.store.getTraining('shop-bot', 1);
    expect(training?.slots).toEqual([expected]);
    expect(Object.keys(training?.slots[0] ?? {})).toEqual(Object.keys(expected));
    expect(await h.store.getAgent('shop-bot')).toMatchObject({ liveVersion: 1 });
    expect(await h.store.getSlot('order-shipped')).toMatchObject({ liveWebhook: slot.webhook });
  });

  it('numbers trainings 1, 2, 3 per agent', async () => {
    await seedCompany(h.store);
    await h.store.createSlot({ agentId: 'shop-bot', settings: validSettings() });
    const versions = [];
    for (let i = 0; i < 3; i++) {
      const outcome = await h.store.trainAgent('shop-bot');
      if (outcome.outcome === 'trained') versions.push(outcome.version);
    }
    expect(versions).toEqual([1, 2, 3]);
  });

  it('keeps a published snapshot immutable under later edits, and edits reach only the next training', async () => {
    await seedCompany(h.store);
    await h.store.createSlot({ id: 's1', agentId: 'shop-bot', settings: validSettings() });
    await h.store.trainAgent('shop-bot');
    const first = await h.store.getTraining('shop-bot', 1);

    await h.store.updateSlot('s1', validSettings({ name: 'Edited' }));
    await h.store.updateAgent('shop-bot', { inactivityTimeoutSeconds: 60 });
    await h.store.regenerateWebhook('s1');
    await h.store.updateChannel('wa-main', { kind: '360dialog' });
    expect(await h.store.getTraining('shop-bot', 1)).toEqual(first);

    await h.store.trainAgent('shop-bot');
    expect(await h.store.getTraining('shop-bot', 1)).toEqual(first);
    expect((await h.store.getTraining('shop-bot', 2))?.slots[0]).toMatchObject({
      slotName: 'Edited',
      inactivityTimeoutSeconds: 60,
      channel: { id: 'wa-main', kind: '360dialog' },
    });
  });

  it('keeps the previous snapshot live when validation fails, and returns every error', async () => {
    await seedCompany(h.store);
    await h.store.createChannel({ id: 'wa-spare', companyId: 13, kind: '360dialog', apiKey: 'k' });
    await h.store.createSlot({ id: 's1', agentId: 'shop-bot', settings: validSettings() });
    await h.store.createSlot({
      id: 's2',
      agentId: 'shop-bot',
      settings: validSettings({ destinationChannel: 'wa-spare' }),
    });
    await h.store.trainAgent('shop-bot');
    // Deleting channels makes saved slots invalid without touching them: only training notices.
    await h.store.deleteChannel('wa-main');
    await h.store.deleteChannel('wa-spare');

    const outcome = await h.store.trainAgent('shop-bot');
    expect(outcome).toEqual({
      outcome: 'invalid',
      liveVersion: 1,
      errors: [
        { field: 'slots.s1.destination_channel', message: 'Channel "wa-main" not found in company 13' },
        { field: 'slots.s2.destination_channel', message: 'Channel "wa-spare" not found in company 13' },
      ],
      warnings: [],
    });
    expect(await h.store.getAgent('shop-bot')).toMatchObject({ liveVersion: 1 });
    expect(await h.store.getTraining('shop-bot', 2)).toBeUndefined();
  });

  it('publishes nothing new with onlyIfChanged when the snapshot would be the same', async () => {
    await seedCompany(h.store);
    await h.store.createSlot({ id: 's1', agentId: 'shop-bot', settings: validSettings() });
    expect(await h.store.trainAgent('shop-bot', { onlyIfChanged: true })).toMatchObject({
      outcome: 'trained',
      version: 1,
    });
    expect(await h.store.trainAgent('shop-bot', { onlyIfChanged: true })).toEqual({
      outcome: 'unchanged',
      version: 1,
      warnings: expect.any(Array) as unknown,
    });
    await h.store.updateAgent('shop-bot', { inactivityTimeoutSeconds: 30 });
    expect(await h.store.trainAgent('shop-bot', { onlyIfChanged: true })).toMatchObject({
      outcome: 'trained',
      version: 2,
    });
  });

  it('takes a deleted slot out of service at the next training only', async () => {
    await seedCompany(h.store);
    await h.store.createSlot({ id: 's1', agentId: 'shop-bot', settings: validSettings() });
    await h.store.trainAgent('shop-bot');
    await h.store.deleteSlot('s1');
    expect((await h.store.getTraining('shop-bot', 1))?.slots).toHaveLength(1);
    expect(await h.store.trainAgent('shop-bot')).toEqual({
      outcome: 'trained',
      version: 2,
      slots: [],
      warnings: [],
    });
  });

  it('trains agents one at a time: concurrent trainings get consecutive versions', async () => {
    await seedCompany(h.store);
    await h.store.createSlot({ agentId: 'shop-bot', settings: validSettings() });
    const outcomes = await Promise.all([1, 2, 3].map(() => h.store.trainAgent('shop-bot')));
    expect(outcomes.map((o) => (o.outcome === 'trained' ? o.version : 0)).sort()).toEqual([1, 2, 3]);
  });

  it('answers NotFound for an unknown agent and undefined for an unknown version', async () => {
    await expect(h.store.trainAgent('nobody')).rejects.toThrow(new NotFoundError('Agent'));
    expect(await h.store.getTraining('nobody', 1)).toBeUndefined();
  });
});
