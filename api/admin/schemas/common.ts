import { z } from '@hono/zod-openapi';
import {
  DEFAULT_INACTIVITY_TIMEOUT_SECONDS,
  SLOT_RULE_MESSAGES,
  SLUG,
  SLUG_MESSAGE,
} from '../../../store/index.js';

/**
 * Building blocks shared by the admin API and the config file (SPEC §7): both speak snake_case and
 * validate with these same schemas, so a field means the same thing in a request and in a file.
 */

/** The one error body of the admin API; `status` matches the intake's bodies. */
export const ErrorSchema = z
  .object({
    status: z.string().meta({ example: 'Validation failed' }),
    errors: z
      .array(
        z.object({
          field: z.string().meta({ example: 'destination.template_name' }),
          message: z.string().meta({ example: 'Please enter text' }),
        }),
      )
      .optional(),
  })
  .openapi('Error');

/** Channel, agent and slot ids: `wa-main`, `shop-bot`. */
export const Slug = z.string().regex(SLUG, SLUG_MESSAGE).meta({ example: 'wa-main' });

/** A required text field: missing, null and empty all read `Please enter text` (SPEC §2). */
export const RequiredText = z.string({
  error: (issue) =>
    issue.input === undefined || issue.input === null ? SLOT_RULE_MESSAGES.required : 'Must be a string',
});

export const CompanyId = z
  .number({ error: 'Must be an integer from 1 to 2147483647' })
  .int('Must be an integer from 1 to 2147483647')
  .min(1, 'Must be an integer from 1 to 2147483647')
  .max(2_147_483_647, 'Must be an integer from 1 to 2147483647')
  .meta({ example: 13 });

export const RateLimit = z
  .number()
  .int('Must be an integer from 1 to 100000')
  .min(1, 'Must be an integer from 1 to 100000')
  .max(100_000, 'Must be an integer from 1 to 100000')
  .meta({ description: 'Mailing requests per second (SPEC §1, default 20)', example: 20 });

export const InactivityTimeout = z
  .number()
  .int('Must be an integer from 1 to 604800')
  .min(1, 'Must be an integer from 1 to 604800')
  .max(604_800, 'Must be an integer from 1 to 604800')
  .meta({
    description: `Seconds without activity after which a dialog closes (default ${DEFAULT_INACTIVITY_TIMEOUT_SECONDS})`,
    example: DEFAULT_INACTIVITY_TIMEOUT_SECONDS,
  });

export const ChannelKindSchema = z
  .enum(['360dialog', '360dialog-cloud'], { error: 'Must be 360dialog or 360dialog-cloud' })
  .meta({ description: '`360dialog` = On-Premise API, `360dialog-cloud` = Cloud API' });

export const Timestamp = z.string().meta({ format: 'date-time', example: '2026-01-02T03:04:05.000Z' });

/** Path parameters. */
export const CompanyParams = z.object({
  companyId: z.coerce
    .number()
    .int()
    .min(1)
    .max(2_147_483_647)
    .openapi({ param: { name: 'companyId', in: 'path' }, example: 13 }),
});
export const ChannelParams = z.object({
  channelId: z.string().openapi({ param: { name: 'channelId', in: 'path' }, example: 'wa-main' }),
});
export const AgentParams = z.object({
  agentId: z.string().openapi({ param: { name: 'agentId', in: 'path' }, example: 'shop-bot' }),
});
export const SlotParams = z.object({
  slotId: z.string().openapi({ param: { name: 'slotId', in: 'path' }, example: 'order-shipped' }),
});
export const TrainingParams = AgentParams.extend({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});
