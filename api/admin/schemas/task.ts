import { z } from '@hono/zod-openapi';
import { Timestamp } from './common.js';

/** The task monitor (issue 12) over the `tasks` table (CONTRACTS §2). */
export const TaskStatusSchema = z.enum([
  'accepted',
  'waiting',
  'sending',
  'sent',
  'delivered',
  'failed',
  'no_account',
]);
export const TaskBranchSchema = z.enum(['fail', 'no_account', 'success']);

const isoTime = z.iso.datetime({ offset: true, error: 'Must be an ISO 8601 date-time' });

export const TaskQuerySchema = z.object({
  company_id: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  slot_id: z.string().min(1).optional(),
  status: TaskStatusSchema.optional(),
  branch: TaskBranchSchema.optional(),
  // The pattern is in the document, so a filter without a digit is invalid there as it is here;
  // [0-9], not \d: a schema reader may count other scripts' digits, which the transform drops.
  recipient: z
    .string()
    .regex(/[0-9]/, 'Must contain digits')
    .transform((v) => v.replace(/\D/g, ''))
    .optional()
    .meta({ description: 'The recipient’s phone number; only its digits count' }),
  from: isoTime.optional().meta({ description: 'Accepted at or after' }),
  to: isoTime.optional().meta({ description: 'Accepted before' }),
  cursor: z
    .string()
    .optional()
    .meta({ description: '`next_cursor` of the previous page; any other value is a 400' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const TaskSchema = z
  .object({
    task_id: z.string(),
    company_id: z.number(),
    agent_id: z.string(),
    slot_id: z.string(),
    channel_id: z.string(),
    recipient: z
      .string()
      .meta({ description: 'Digits; masked in lists (`7983•••9701`), full on the task page' }),
    urgent: z.boolean(),
    status: z.string(),
    branch: z.string().nullable(),
    description: z.string().nullable(),
    detail: z.string().nullable(),
    waiting_reason: z.string().nullable(),
    channel_response: z.unknown().nullable(),
    message_id: z.string().nullable(),
    branch_hook: z.string().nullable(),
    accepted_at: Timestamp,
    started_at: Timestamp.nullable(),
    sent_at: Timestamp.nullable(),
    resolved_at: Timestamp.nullable(),
    updated_at: Timestamp,
  })
  .openapi('Task');

export const TaskPageSchema = z
  .object({ tasks: z.array(TaskSchema), next_cursor: z.string().nullable() })
  .openapi('TaskPage');

export const OutcomeQuerySchema = z.object({
  from: isoTime.optional().meta({
    description:
      'Default: 24 hours (hour buckets) or 30 days (day buckets) before `to`. Must be before `to`, ' +
      'at most 1000 buckets earlier (else 400)',
  }),
  to: isoTime.optional().meta({ description: 'Default: now' }),
  bucket: z.enum(['hour', 'day']).default('hour'),
});

export const OutcomesSchema = z
  .object({
    slot_id: z.string(),
    bucket: z.enum(['hour', 'day']),
    from: Timestamp,
    to: Timestamp,
    buckets: z.array(
      z.object({
        start: Timestamp,
        success: z.number(),
        no_account: z.number(),
        fail: z.number(),
        waiting: z.number(),
      }),
    ),
  })
  .openapi('SlotOutcomes');

export const TaskParams = z.object({
  taskId: z.string().openapi({ param: { name: 'taskId', in: 'path' } }),
});
