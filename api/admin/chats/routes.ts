import { createRoute, z } from '@hono/zod-openapi';
import { body, errors, json, security } from '../openapi.js';
import { Slug } from '../schemas/common.js';

const tags = ['Chats'];

export const ChatParams = z.object({
  channelId: Slug,
  recipient: z
    .string()
    .regex(/^\+?\d{10,18}$/, 'Must be 10 to 18 digits, optionally preceded by +')
    .meta({ example: '79291642944' }),
});

const DialogSchema = z
  .object({
    opened_at: z.string(),
    last_activity_at: z.string(),
    opened_by: z.enum(['inbound', 'api']),
  })
  .nullable();

export const ChatSchema = z
  .object({
    chat_id: z.string().meta({ example: 'chat:wa-main:79291642944' }),
    context: z.record(z.string(), z.unknown()),
    dialog: DialogSchema,
    waiting_tasks: z.array(z.string()),
    turn_holder: z.string().nullable(),
    alias_of: z.string().nullable(),
  })
  .openapi('Chat');

export const OpenDialogSchema = z
  .object({
    inactivity_timeout_seconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional(),
  })
  .strict();

export const getChat = createRoute({
  method: 'get',
  path: '/channels/{channelId}/chats/{recipient}',
  tags,
  security,
  summary: 'Read a chat: its context variables, active dialog and waiting tasks',
  request: { params: ChatParams },
  responses: { 200: json(ChatSchema, 'The chat'), 400: errors[400], 401: errors[401], 404: errors[404] },
});

export const openDialog = createRoute({
  method: 'post',
  path: '/channels/{channelId}/chats/{recipient}/dialog/open',
  tags,
  security,
  summary: 'Open the chat’s dialog (non-urgent tasks then wait until it closes); creates the chat if needed',
  request: { params: ChatParams, body: { ...body(OpenDialogSchema), required: false } },
  responses: {
    200: json(ChatSchema, 'The chat after opening'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});

export const closeDialog = createRoute({
  method: 'post',
  path: '/channels/{channelId}/chats/{recipient}/dialog/close',
  tags,
  security,
  summary: 'Close the chat’s dialog: waiting non-urgent tasks run in arrival order',
  request: { params: ChatParams },
  responses: {
    200: json(ChatSchema, 'The chat after closing'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});
