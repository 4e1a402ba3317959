import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../store/index.js';
import { ENGINES, useStore, type Engine } from './support/engines.js';
import { seedCompany, validSettings } from './support/fixtures.js';

const WEBHOOK = /^13::[0-9a-f]{32}$/;

describe.each(ENGINES)('notification slots on the $name engine', (engine: Engine) => {
  const h = useStore(engine);

  it('generates the webhook at first save as {companyId}::{32 lowercase hex}', async () => {
    await seedCompany(h.store);
    const slot = await h.store.createSlot({
      id: 'order-shipped',
      agentId: 'shop-bot',
      settings: validSettings(),
    });
    expect(slot).toMatchObject({
      id: 'order-shipped',
      agentId: 'shop-bot',
      companyId: 13,
      liveWebhook: null,
    });
    expect(slot.webhook).toMatch(WEBHOOK);
    expect(slot.settings).toEqual(validSettings());
  });

  it('keeps the webhook across saves', async () => {
    await seedCompany(h.store);
    const created = await h.store.createSlot({ id: 's1', agentId: 'shop-bot', settings: validSettings() });
    const updated = await h.store.updateSlot('s1', validSettings({ name: 'Renamed' }));
    expect(updated.webhook).toBe(created.webhook);
    expect(updated.settings.name).toBe('Renamed');
  });

  it('saves nothing when a rule fails, on create and on update', async () => {
    await seedCompany(h.store);
    await expect(
      h.store.createSlot({ id: 's1', agentId: 'shop-bot', settings: validSettings({ name: '' }) }),
    ).rejects.toThrow(ValidationError);
    expect(await h.store.getSlot('s1')).toBeUndefined();
    await h.store.createSlot({ id: 's1', agentId: 'shop-bot', settings: validSettings() });
    const error = await h.store
      .updateSlot('s1', validSettings({ destinationChannel: 'wa-gone', name: 'x'.repeat(41) }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { field: 'name', message: 'Must be at most 40 characters' },
      { field: 'destination_channel', message: 'Channel "wa-gone" not found in company 13' },
    ]);
    expect((await h.store.getSlot('s1'))?.settings).toEqual(validSettings());
  });

  it('requires the destination channel to belong to the same company', async () => {
    await seedCompany(h.store, 13);
    await seedCompany(h.store, 14);
    const attempt = h.store.createSlot({
      agentId: 'shop-bot',
      settings: validSettings({ destinationChannel: 'wa-main-14' }),
    });
    await expect(attempt).rejects.toMatchObject({
      errors: [{ field: 'destination_channel', message: 'Channel "wa-main-14" not found in company 13' }],
    });
  });

  it('accepts a pinned webhook of its own company only, and never twice', async () => {
    await seedCompany(h.store);
    const pinned = '13::9de6d0fbc9a547659457a0f7a0e21eda';
    const slot = await h.store.createSlot({
      id: 's1',
      agentId: 'shop-bot',
      webhook: pinned,
      settings: validSettings(),
    });
    expect(slot.webhook).toBe(pinned);
    await expect(
      h.store.createSlot({ id: 's2', agentId: 'shop-bot', webhook: pinned, settings: validSettings() }),
    ).rejects.toThrow(new ConflictError('Webhook already used by another slot'));
    await expect(
      h.store.createSlot({
        id: 's3',
        agentId: 'shop-bot',
        webhook: '14::9de6d0fbc9a547659457a0f7a0e21edb',
        settings: validSettings(),
      }),
    ).rejects.toMatchObject({
      errors: [{ field: 'webhook', message: 'Must be 13:: followed by 32 lowercase hex digits' }],
    });
  });

  it('replaces the webhook on "generate new webhook"', async () => {
    await seedCompany(h.store);
    const before = await h.store.createSlot({ id: 's1', agentId: 'shop-bot', settings: validSettings() });
    const after = await h.store.regenerateWebhook('s1');
    expect(after.webhook).toMatch(WEBHOOK);
    expect(after.webhook).not.toBe(before.webhook);
  });

  it('lists an agent’s slots in creation order and deletes one', async () => {
    await seedCompany(h.store);
    for (const id of ['b', 'a', 'c'])
      await h.store.createSlot({ id, agentId: 'shop-bot', settings: validSettings() });
    await h.store.deleteSlot('a');
    expect((await h.store.listSlots('shop-bot')).map((s) => s.id)).toEqual(['b', 'c']);
    await expect(h.store.deleteSlot('a')).rejects.toThrow(new NotFoundError('Slot'));
  });

  it('refuses slots of unknown agents, taken ids and bad ids', async () => {
    await seedCompany(h.store);
    await expect(h.store.createSlot({ agentId: 'nobody', settings: validSettings() })).rejects.toThrow(
      new NotFoundError('Agent'),
    );
    await expect(h.store.listSlots('nobody')).rejects.toThrow(new NotFoundError('Agent'));
    await h.store.createSlot({ id: 's1', agentId: 'shop-bot', settings: validSettings() });
    await expect(
      h.store.createSlot({ id: 's1', agentId: 'shop-bot', settings: validSettings() }),
    ).rejects.toThrow(new ConflictError('Slot s1 already exists'));
    await expect(
      h.store.createSlot({ id: 'Bad_Id', agentId: 'shop-bot', settings: validSettings() }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
