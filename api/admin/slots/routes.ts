import { createRoute, z } from '@hono/zod-openapi';
import { body, errors, json, security } from '../openapi.js';
import { AgentParams, SlotParams } from '../schemas/common.js';
import { SaveTemplateCheckSchema } from '../templates/schemas.js';
import { SlotCreateSchema, SlotPatchSchema, SlotSchema, SlotSettingsSchema } from '../schemas/slot.js';

const tags = ['Notification slots'];
const saved =
  'Saved after every SPEC §2 rule passed; live from the next training. `template_check` says how the slot fits ' +
  'its channel’s approved 360dialog templates (warnings only: a save never fails for them)';
const SavedSlotSchema = SlotSchema.extend({ template_check: SaveTemplateCheckSchema }).openapi('SavedSlot');

export const createSlot = createRoute({
  method: 'post',
  path: '/agents/{agentId}/slots',
  tags,
  security,
  summary: 'Create a notification slot (its webhook is generated now)',
  request: { params: AgentParams, body: body(SlotCreateSchema) },
  responses: {
    201: json(SavedSlotSchema, saved),
    400: errors[400],
    401: errors[401],
    404: errors[404],
    409: errors[409],
  },
});

export const listSlots = createRoute({
  method: 'get',
  path: '/agents/{agentId}/slots',
  tags,
  security,
  summary: 'List an agent’s slots with their webhook URLs',
  request: { params: AgentParams },
  responses: {
    200: json(z.object({ slots: z.array(SlotSchema) }), 'Slots'),
    401: errors[401],
    404: errors[404],
  },
});

export const getSlot = createRoute({
  method: 'get',
  path: '/slots/{slotId}',
  tags,
  security,
  summary: 'Read a slot with its webhook URL and whether it is live',
  request: { params: SlotParams },
  responses: { 200: json(SlotSchema, 'The slot'), 401: errors[401], 404: errors[404] },
});

export const replaceSlot = createRoute({
  method: 'put',
  path: '/slots/{slotId}',
  tags,
  security,
  summary: 'Replace a slot’s settings',
  request: { params: SlotParams, body: body(SlotSettingsSchema) },
  responses: { 200: json(SavedSlotSchema, saved), 400: errors[400], 401: errors[401], 404: errors[404] },
});

export const patchSlot = createRoute({
  method: 'patch',
  path: '/slots/{slotId}',
  tags,
  security,
  summary: 'Change some of a slot’s settings',
  request: { params: SlotParams, body: body(SlotPatchSchema) },
  responses: { 200: json(SavedSlotSchema, saved), 400: errors[400], 401: errors[401], 404: errors[404] },
});

export const deleteSlot = createRoute({
  method: 'delete',
  path: '/slots/{slotId}',
  tags,
  security,
  summary: 'Delete a slot (it keeps serving until the next training)',
  request: { params: SlotParams },
  responses: { 204: { description: 'Deleted' }, 401: errors[401], 404: errors[404] },
});

export const generateWebhook = createRoute({
  method: 'post',
  path: '/slots/{slotId}/generate-webhook',
  tags,
  security,
  summary: 'Generate a new webhook',
  description: 'The new webhook starts working, and the old one stops, at the agent’s next training.',
  request: { params: SlotParams },
  responses: { 200: json(SlotSchema, 'The slot with its new webhook'), 401: errors[401], 404: errors[404] },
});
