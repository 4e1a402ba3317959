/**
 * The OpenAPI description of `POST /channels/{channel_id}/callbacks` (SPEC §5): what 360dialog
 * sends, in both shapes. Documentation only: parse-callback.ts reads whatever it can route and
 * skips the rest, so these schemas are deliberately loose beyond the fields the service reads.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { statusBody } from '../status-body.js';
import { CALLBACK_SECRET_HEADER } from './callback-secret.js';

export const CALLBACK_SECURITY_SCHEME = 'callbackSecret';

const StatusSchema = z.looseObject({
  id: z.string().meta({ description: 'The message id 360dialog answered the send with' }),
  recipient_id: z.string().optional().meta({ description: 'On-Premise ≥ v2.45 moved it under `message`' }),
  status: z.string().meta({ example: 'delivered' }),
  errors: z.array(z.looseObject({ code: z.number() })).optional(),
});

const MessageSchema = z.looseObject({
  id: z.string(),
  from: z.string().meta({ description: 'The sender’s WhatsApp id (digits)' }),
  context: z.looseObject({ id: z.string() }).optional().meta({ description: 'The message answered' }),
});

const Events = {
  statuses: z.array(StatusSchema).optional(),
  messages: z.array(MessageSchema).optional(),
  contacts: z.array(z.looseObject({ wa_id: z.string() })).optional(),
};

export const OnPremiseCallbackSchema = z
  .looseObject(Events)
  .meta({ description: 'On-Premise: `statuses` / `messages` + `contacts` at the top level' })
  .openapi('OnPremiseCallback');

export const CloudCallbackSchema = z
  .looseObject({
    object: z.string().meta({ example: 'whatsapp_business_account' }),
    entry: z.array(
      z.looseObject({
        id: z.string().optional(),
        changes: z.array(z.looseObject({ field: z.string().optional(), value: z.looseObject(Events) })),
      }),
    ),
  })
  .meta({ description: 'Cloud: Meta’s envelope `entry[].changes[].value`' })
  .openapi('CloudCallback');

/**
 * The server's real contract: any JSON object is taken, and what cannot be routed is skipped. A
 * rejected body would make 360dialog retry the same delivery over and over, so a partial or newer
 * shape (a contact without `wa_id`, a status without `id`) is answered 200 and logged, never 400.
 */
export const OtherCallbackSchema = z
  .looseObject({})
  .meta({
    description:
      'Any other JSON object: answered 200 like the two shapes above; entries without an id or a recipient are skipped and logged',
  })
  .openapi('OtherCallback');

export const callbackRoute = createRoute({
  method: 'post',
  path: '/channels/{channel_id}/callbacks',
  tags: ['360dialog callbacks'],
  summary: 'Statuses and inbound messages from 360dialog (SPEC §5)',
  description:
    'Answered 200 once every event is handed to its chat’s workflow. Entries without an id or a ' +
    'recipient are skipped (logged). Registered with 360dialog by `POST /admin/channels/{channelId}/register-callbacks`.',
  security: [{ [CALLBACK_SECURITY_SCHEME]: [] }],
  request: {
    params: z.object({
      channel_id: z.string().openapi({ param: { name: 'channel_id', in: 'path' }, example: 'wa-main' }),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.union([CloudCallbackSchema, OnPremiseCallbackSchema, OtherCallbackSchema]),
        },
      },
    },
  },
  responses: {
    200: statusBody(['ok'], 'Every event was handed off'),
    400: statusBody(['Invalid JSON'], 'The body is not a JSON object'),
    401: statusBody(['Unauthorized'], `Missing or wrong ${CALLBACK_SECRET_HEADER}`),
    404: statusBody(['Channel not found'], 'No channel with this id'),
    413: statusBody(['Payload too large'], 'The body is over 1 MiB'),
    503: statusBody(['Service unavailable'], 'Temporal could not be reached; 360dialog retries later'),
  },
});

/** Adds the callback route and its secret-header scheme to the app's one OpenAPI document. */
export function documentCallbacks(app: OpenAPIHono): void {
  app.openAPIRegistry.registerComponent('securitySchemes', CALLBACK_SECURITY_SCHEME, {
    type: 'apiKey',
    in: 'header',
    name: CALLBACK_SECRET_HEADER,
    description: 'The channel’s callback secret, registered with 360dialog',
  });
  app.openAPIRegistry.registerPath(callbackRoute);
}
