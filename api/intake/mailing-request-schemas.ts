/**
 * The OpenAPI description of the integrator's endpoints (SPEC §3): the mailing request and the
 * task status. Documentation only: the handlers in intake-routes.ts apply the checks in the SPEC's
 * order (the slot decides what a valid body is), so these schemas describe them, and the schema
 * fuzzer in CI (tools/api-fuzz) checks that the two agree.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { statusBody, integerHeader } from '../status-body.js';
import { IDEMPOTENCY_KEY_HEADER } from '../../lib/http-headers.js';
import { RECIPIENT_KEY, RECIPIENT_PATTERN } from './mailing-request.js';

const tags = ['Mailing requests'];

/** The SPEC's example webhook: `<company id>::<32 hex digits>`. */
const EXAMPLE_WEBHOOK = '13::9de6d0fbc9a547659457a0f7a0e21eda';

const WebhookParams = z.object({
  webhook: z.string().openapi({ param: { name: 'webhook', in: 'path' }, example: EXAMPLE_WEBHOOK }),
});

export const MailingRequestSchema = z
  .looseObject({
    [RECIPIENT_KEY]: z.string().regex(RECIPIENT_PATTERN).meta({
      description: 'The recipient: 10–18 digits, optionally preceded by `+`',
      example: '79291642944',
    }),
    is_urgent: z
      .boolean()
      .optional()
      .meta({ description: 'Default false; urgent tasks skip the dialog wait' }),
  })
  .meta({
    description: 'Any other keys are free and reach the slot’s expressions as `data`',
    example: { phone_number: '79291642944', is_urgent: true, extra: { foo: 42 } },
  })
  .openapi('MailingRequest');

export const TaskAcceptedSchema = z
  .object({
    status: z.literal('Accepted for execution'),
    task_id: z.uuid().meta({ description: 'Poll `GET /notification/{webhook}/tasks/{task_id}` with it' }),
  })
  .openapi('TaskAccepted');

const TIMESTAMP_KEYS = ['accepted_at', 'started_at', 'sent_at', 'resolved_at', 'branch_hook_at'] as const;

export const TaskStatusSchema = z
  .object({
    task_id: z.string(),
    status: z.enum(['accepted', 'waiting', 'sending', 'sent', 'delivered', 'failed', 'no_account']),
    is_urgent: z.boolean(),
    branch: z.enum(['fail', 'no_account', 'success']).nullable().meta({ description: 'Null until resolved' }),
    description: z.string().nullable(),
    detail: z.string().nullable().meta({ description: 'Why a build failed (the expression error)' }),
    channel_response: z.unknown().meta({ description: '360dialog’s answer or callback, as received' }),
    message_id: z.string().nullable(),
    branch_hook: z.enum(['delivered', 'failed']).nullable(),
    timestamps: z.partialRecord(z.enum(TIMESTAMP_KEYS), z.string()),
  })
  .openapi('TaskStatus');

export const mailingRequestRoute = createRoute({
  method: 'post',
  path: '/notification/{webhook}/chat',
  tags,
  summary: 'Send a notification (SPEC §3)',
  description:
    'Checks run in the SPEC §3 order, the first that fails answers. A 200 is sent once the task is ' +
    'durably accepted: stored with everything its workflow needs, its start under way (waited for ' +
    'up to INTAKE_ANSWER_WITHIN_MS) and guaranteed by the service. Any other method on this URL ' +
    'answers 405 with `Allow: POST`.',
  request: {
    params: WebhookParams,
    headers: z.object({
      [IDEMPOTENCY_KEY_HEADER]: z.string().optional().meta({
        description:
          'A repeat with the same key for the same slot answers the same task_id, starting nothing',
      }),
    }),
    body: { required: true, content: { 'application/json': { schema: MailingRequestSchema } } },
  },
  responses: {
    200: {
      description: 'Accepted (row 10)',
      content: { 'application/json': { schema: TaskAcceptedSchema } },
    },
    400: statusBody(
      [
        'Content-Type must be application/json',
        'Invalid JSON',
        'Recipient ID not found or invalid.',
        'is_urgent must be a boolean',
      ],
      'Rows 4, 5, 8, 9: not JSON, not an object, bad recipient, non-boolean is_urgent',
    ),
    404: statusBody(
      ['Company not found', 'Notification not found', 'There is no active channel for received event'],
      'Rows 2, 6, 7: unknown company, no trained slot with this webhook, channel deleted or inactive',
    ),
    405: {
      ...statusBody(['Method not allowed'], 'Row 1: any method but POST'),
      headers: { Allow: { description: 'Always `POST`', schema: { type: 'string' }, required: true } },
    },
    413: statusBody(['Payload too large'], 'The body is over 1 MiB'),
    429: {
      ...statusBody(['Too many requests'], 'Row 3: the company’s rate limit is exceeded'),
      headers: { 'Retry-After': integerHeader('Whole seconds until a request is allowed again') },
    },
    503: statusBody(
      ['Service unavailable'],
      'The database or Temporal could not be reached; nothing was created. Retry later.',
    ),
  },
});

export const taskStatusRoute = createRoute({
  method: 'get',
  path: '/notification/{webhook}/tasks/{task_id}',
  tags,
  summary: 'Read a task’s status',
  description: 'A task of another webhook answers exactly like an unknown one.',
  request: {
    params: WebhookParams.extend({
      task_id: z.string().openapi({
        param: { name: 'task_id', in: 'path' },
        example: '0b6f8e3c-2f6d-4a8e-9c1d-5e2a7b9f0c3d',
      }),
    }),
  },
  responses: {
    200: { description: 'The task', content: { 'application/json': { schema: TaskStatusSchema } } },
    404: statusBody(['Task not found'], 'No such task for this webhook'),
  },
});

/** Adds the intake's routes to the app's one OpenAPI document (the handlers are plain hono routes). */
export function documentIntake(app: OpenAPIHono): void {
  app.openAPIRegistry.registerPath(mailingRequestRoute);
  app.openAPIRegistry.registerPath(taskStatusRoute);
}
