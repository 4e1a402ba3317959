import type { OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError, type Slot } from '../../../store/index.js';
import { saveTemplateCheck } from '../templates/save-check.js';
import type { AdminApiDeps } from '../deps.js';
import { fromSlotSettings, mergeSlotPatch, slotView, toSlotSettings } from '../mapping.js';
import * as routes from './routes.js';

/** Notification slots (SPEC §2): drafts validated on every save, live only after training. */
export function registerSlotRoutes(app: OpenAPIHono, { store, publicBaseUrl }: AdminApiDeps): void {
  /** A saved slot plus how it fits its channel's approved templates (warnings only, issue 10). */
  const savedView = async (slot: Slot) => ({
    ...slotView(slot, publicBaseUrl),
    template_check: await saveTemplateCheck(store, slot),
  });

  app.openapi(routes.createSlot, async (c) => {
    const { id, ...settings } = c.req.valid('json');
    const slot = await store.createSlot({
      id,
      agentId: c.req.valid('param').agentId,
      settings: toSlotSettings(settings),
    });
    return c.json(await savedView(slot), 201);
  });

  app.openapi(routes.listSlots, async (c) => {
    const slots = await store.listSlots(c.req.valid('param').agentId);
    return c.json({ slots: slots.map((s) => slotView(s, publicBaseUrl)) }, 200);
  });

  app.openapi(routes.getSlot, async (c) => {
    const slot = await store.getSlot(c.req.valid('param').slotId);
    if (!slot) throw new NotFoundError('Slot');
    return c.json(slotView(slot, publicBaseUrl), 200);
  });

  app.openapi(routes.replaceSlot, async (c) => {
    const slot = await store.updateSlot(c.req.valid('param').slotId, toSlotSettings(c.req.valid('json')));
    return c.json(await savedView(slot), 200);
  });

  app.openapi(routes.patchSlot, async (c) => {
    const { slotId } = c.req.valid('param');
    const current = await store.getSlot(slotId);
    if (!current) throw new NotFoundError('Slot');
    const merged = mergeSlotPatch(fromSlotSettings(current.settings), c.req.valid('json'));
    const slot = await store.updateSlot(slotId, toSlotSettings(merged));
    return c.json(await savedView(slot), 200);
  });

  app.openapi(routes.deleteSlot, async (c) => {
    await store.deleteSlot(c.req.valid('param').slotId);
    return c.body(null, 204);
  });

  app.openapi(routes.generateWebhook, async (c) => {
    const slot = await store.regenerateWebhook(c.req.valid('param').slotId);
    return c.json(slotView(slot, publicBaseUrl), 200);
  });
}
