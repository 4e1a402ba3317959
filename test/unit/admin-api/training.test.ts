import { describe, expect, it } from 'vitest';
import { seed, slotBody, useApi } from './support/harness.js';

const h = useApi();

describe('training', () => {
  it('publishes version 1 and returns the snapshot tasks will receive', async () => {
    await seed(h);
    const { body: slot } = await h.call('POST', '/admin/agents/shop-bot/slots', {
      id: 'order-shipped',
      ...slotBody(),
    });
    const reply = await h.call('POST', '/admin/agents/shop-bot/train');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      agent_id: 'shop-bot',
      version: 1,
      slots: [
        {
          companyId: 13,
          agentId: 'shop-bot',
          trainingVersion: 1,
          slotId: 'order-shipped',
          slotName: 'Order shipped',
          webhook: (slot as { webhook: string }).webhook,
          channel: { id: 'wa-main', kind: '360dialog-cloud' },
          inactivityTimeoutSeconds: 900,
        },
      ],
    });
    expect((await h.call('GET', '/admin/agents/shop-bot')).body).toMatchObject({ live_version: 1 });
    expect((await h.call('GET', '/admin/slots/order-shipped')).body).toMatchObject({ live: true });
  });

  it('answers 422 with every error and keeps the previous version live when a slot breaks a rule', async () => {
    await seed(h);
    await h.call('POST', '/admin/agents/shop-bot/slots', { id: 'order-shipped', ...slotBody() });
    await h.call('POST', '/admin/agents/shop-bot/train');
    await h.call('DELETE', '/admin/channels/wa-main');

    const reply = await h.call('POST', '/admin/agents/shop-bot/train');
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({
      status: 'Training failed',
      errors: [
        {
          field: 'slots.order-shipped.destination_channel',
          message: 'Channel "wa-main" not found in company 13',
        },
      ],
      warnings: [],
      live_version: 1,
    });
    expect((await h.call('GET', '/admin/agents/shop-bot')).body).toMatchObject({ live_version: 1 });
    expect((await h.call('GET', '/admin/agents/shop-bot/trainings/2')).status).toBe(404);
  });

  it('reads any published training, unchanged by later edits', async () => {
    await seed(h);
    await h.call('POST', '/admin/agents/shop-bot/slots', { id: 'order-shipped', ...slotBody() });
    const first = await h.call('POST', '/admin/agents/shop-bot/train');
    await h.call('PATCH', '/admin/slots/order-shipped', { name: 'Changed' });
    await h.call('POST', '/admin/agents/shop-bot/train');
    const read = await h.call('GET', '/admin/agents/shop-bot/trainings/1');
    expect(read.status).toBe(200);
    const { warnings: _warnings, ...published } = first.body as Record<string, unknown>;
    expect(read.body).toEqual(published);
    expect((await h.call('GET', '/admin/agents/shop-bot/trainings/2')).body).toMatchObject({
      slots: [{ slotName: 'Changed' }],
    });
  });

  it('answers 404 for an unknown agent or version', async () => {
    expect((await h.call('POST', '/admin/agents/nobody/train')).body).toEqual({ status: 'Agent not found' });
    expect((await h.call('GET', '/admin/agents/nobody/trainings/1')).body).toEqual({
      status: 'Training not found',
    });
  });
});
