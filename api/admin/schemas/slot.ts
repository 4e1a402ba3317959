import { z } from '@hono/zod-openapi';
import { SLOT_RULE_MESSAGES } from '../../../store/index.js';
import { RequiredText, Slug, Timestamp } from './common.js';

/**
 * SPEC §2 slot settings, snake_case. These schemas check shapes only; the rules with their exact
 * texts (`Please enter text`, 40 characters, one media, …) run in `store/slot-rules.ts` on every save,
 * so the API and the config file cannot disagree on them.
 */

const TemplateParameterSchema = z
  .strictObject({
    type: z
      .enum(['image', 'document', 'video', 'body', 'button_url'], { error: SLOT_RULE_MESSAGES.parameterType })
      .meta({
        description:
          'image|document|video: media header (at most one); body; button_url: URL suffix or wa.me/+phone',
      }),
    value: RequiredText.meta({
      description: 'A literal, an expression or a context variable',
      example: '{{ first_name }}',
    }),
  })
  .openapi('TemplateParameter');

const ParseRuleSchema = z
  .strictObject({
    context_key: RequiredText.meta({
      description: 'Latin letter first, then letters, digits, _; at most 128',
      example: 'order',
    }),
    request_key: RequiredText.meta({
      description: 'A request-body key or an expression',
      example: 'order_id',
    }),
  })
  .openapi('ParseRule');

const DestinationSchema = z
  .strictObject({
    template_name: RequiredText.meta({ example: 'order_shipped' }),
    namespace: RequiredText.meta({
      description: 'Used by 360dialog (On-Premise) channels',
      example: 'b2f1c0de_1111_2222_3333_444455556666',
    }),
    language_code: RequiredText.meta({ example: 'en' }),
    template_parameters: z.array(TemplateParameterSchema).max(50).default([]),
  })
  .openapi('Destination');

/** The store checks it is an http(s) URL (store/slot-rules.ts); credentials in it are kept secret. */
const HookUrl = z.string().meta({ format: 'uri', example: 'https://crm.example.com/hooks/whatsapp' });

const BranchHooksSchema = z
  .strictObject({
    fail: HookUrl.optional(),
    no_account: HookUrl.optional(),
    success: HookUrl.optional(),
  })
  .meta({ description: 'Optional http(s) URL per branch, POSTed when a task ends there' })
  .openapi('BranchHooks');

const settingsShape = {
  name: RequiredText.meta({ description: 'At most 40 characters', example: 'Order shipped' }),
  destination_channel: RequiredText.meta({
    description: 'A channel id of the same company',
    example: 'wa-main',
  }),
  parse_request_body: z.array(ParseRuleSchema).max(100).default([]),
  destination: DestinationSchema,
  branch_hooks: BranchHooksSchema.default({}),
};

export const SlotSettingsSchema = z.strictObject(settingsShape).openapi('SlotSettings');
export type SlotSettingsInput = z.output<typeof SlotSettingsSchema>;

export const SlotCreateSchema = z
  .strictObject({ id: Slug.optional(), ...settingsShape })
  .openapi('SlotCreate');

/** PATCH: top-level fields replace, `destination` merges one level deep. */
export const SlotPatchSchema = z
  .strictObject({
    name: settingsShape.name.optional(),
    destination_channel: settingsShape.destination_channel.optional(),
    parse_request_body: z.array(ParseRuleSchema).max(100).optional(),
    destination: z
      .strictObject({
        template_name: RequiredText.optional(),
        namespace: RequiredText.optional(),
        language_code: RequiredText.optional(),
        template_parameters: z.array(TemplateParameterSchema).max(50).optional(),
      })
      .optional(),
    branch_hooks: BranchHooksSchema.optional(),
  })
  .openapi('SlotPatch');
export type SlotPatchInput = z.output<typeof SlotPatchSchema>;

export const SlotSchema = z
  .object({
    id: z.string(),
    agent_id: z.string(),
    company_id: z.number(),
    ...SlotSettingsSchema.shape,
    webhook: z.string().meta({ example: '13::9de6d0fbc9a547659457a0f7a0e21eda' }),
    webhook_url: z.string().meta({ description: 'POST mailing requests here (SPEC §3), once trained' }),
    live: z.boolean().meta({ description: 'The agent’s live training serves this slot' }),
    live_webhook: z
      .string()
      .nullable()
      .meta({ description: 'The webhook served now; differs from `webhook` until the next training' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Slot');
