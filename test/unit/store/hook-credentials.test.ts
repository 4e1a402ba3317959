/**
 * CONTRACTS §4: branch-hook credentials stay out of workflow history. The slot a task carries (the
 * intake's lookup) has hook URLs without user info; the hook activity reads them back by slot and
 * branch from the live training.
 */
import { describe, expect, it } from 'vitest';
import { ENGINES, useStore, type Engine } from './support/engines.js';
import { seedCompany, validSettings } from './support/fixtures.js';

describe.each(ENGINES)('branch-hook credentials on the $name engine', (engine: Engine) => {
  const h = useStore(engine);

  it('hands workflows the hook URL without credentials and keeps them for the hook activity', async () => {
    await seedCompany(h.store);
    const slot = await h.store.createSlot({
      id: 'order-shipped',
      agentId: 'shop-bot',
      settings: validSettings({
        branchHooks: {
          success: 'https://crm:hook-p%40ss@crm.example.com/hooks/whatsapp?x=1',
          fail: 'https://crm.example.com/hooks/failed',
        },
      }),
    });
    await h.store.trainAgent('shop-bot');

    const resolution = await h.store.resolveWebhook(slot.webhook);
    if (resolution.outcome !== 'ok') throw new Error(`unexpected ${resolution.outcome}`);
    expect(resolution.slot.branchHooks).toEqual({
      success: 'https://crm.example.com/hooks/whatsapp?x=1',
      fail: 'https://crm.example.com/hooks/failed',
    });
    expect(JSON.stringify(resolution.slot)).not.toContain('hook-p');

    expect(await h.store.getBranchHookUrl('order-shipped', 'success')).toBe(
      'https://crm:hook-p%40ss@crm.example.com/hooks/whatsapp?x=1',
    );
    expect(await h.store.getBranchHookUrl('order-shipped', 'no_account')).toBeUndefined();
    expect(await h.store.getBranchHookUrl('no-such-slot', 'success')).toBeUndefined();
  });
});
