import { createRoute, z } from '@hono/zod-openapi';
import { body, errors, json, security } from '../openapi.js';
import { SlotParams } from '../schemas/common.js';
import { SlotSettingsSchema } from '../schemas/slot.js';
import { CatalogStateSchema, FieldWarningSchema } from '../templates/schemas.js';

export const PreviewRequestSchema = z
  .strictObject({
    request: z.record(z.string(), z.unknown()).meta({
      description: 'A sample mailing-request body (SPEC §3), `phone_number` included',
      example: { phone_number: '79291642944', order_id: 'A-1042', customer: { name: 'Anna' } },
    }),
    settings: SlotSettingsSchema.optional().meta({
      description: 'Draft settings to preview instead of the slot’s own (nothing is saved)',
    }),
    source: z
      .enum(['live', 'saved'])
      .optional()
      .meta({
        description:
          'Without `settings`: `live` = the settings the live training serves, `saved` = the saved draft. ' +
          'Default: live when the slot is live, else saved',
      }),
    context: z.record(z.string(), z.unknown()).optional().meta({
      description: 'The chat context before this request (default empty), as a running chat would hold it',
    }),
  })
  .openapi('PreviewRequest');

const BuildErrorSchema = z
  .object({
    message: z.string().meta({ example: 'Unexpected token "}" at 1:12' }),
    field: z.string().nullable().meta({ example: 'destination.template_parameters.1.value' }),
    line: z.number().nullable(),
    column: z.number().nullable(),
  })
  .openapi('PreviewBuildError');

export const PreviewSchema = z
  .object({
    source: z.enum(['live', 'saved', 'draft']),
    training_version: z.number().nullable().meta({ description: 'The training previewed, for `live`' }),
    channel: z.object({ id: z.string(), kind: z.enum(['360dialog', '360dialog-cloud']) }),
    context_updates: z
      .record(z.string(), z.unknown())
      .meta({ description: 'What the Incoming Data rules write into the chat context' }),
    context: z.record(z.string(), z.unknown()).meta({ description: 'The chat context after them' }),
    build: z
      .union([
        z.object({
          ok: z.literal(true),
          method: z.literal('POST'),
          url: z.string().meta({ example: 'https://waba-v2.360dialog.io/messages' }),
          payload: z.record(z.string(), z.unknown()).meta({
            description:
              'The exact JSON body sent to 360dialog. `biz_opaque_callback_data` (Cloud) carries the task id, ' +
              'shown as `{task_id}`',
          }),
        }),
        z.object({ ok: z.literal(false), error: BuildErrorSchema }),
      ])
      .meta({ description: 'The 360dialog request, or why it could not be built (the task would fail)' }),
    template_check: z
      .object({
        errors: z.array(FieldWarningSchema).meta({ description: 'Training refuses the slot for these' }),
        warnings: z.array(FieldWarningSchema),
        catalog: CatalogStateSchema,
      })
      .meta({
        description:
          'The slot against its channel’s approved templates; a name or language written as an expression is ' +
          'checked with the value this request gives it',
      }),
  })
  .openapi('Preview');

export const previewSlot = createRoute({
  method: 'post',
  path: '/slots/{slotId}/preview',
  tags: ['Notification slots'],
  security,
  summary: 'Preview what a mailing request would send: chat context, exact 360dialog payload, template check',
  description:
    'Runs the slot’s Incoming Data rules and destination on a sample request body exactly as a task would ' +
    '(the live training, the saved draft, or draft `settings` in the body). Nothing is sent and nothing is stored.',
  request: { params: SlotParams, body: body(PreviewRequestSchema) },
  responses: {
    200: json(PreviewSchema, 'The preview (a build error is an answer, not a failure)'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});
