import { z } from '@hono/zod-openapi';
import { InactivityTimeout, Slug, Timestamp } from './common.js';

export const AgentCreateSchema = z
  .strictObject({ id: Slug.optional(), inactivity_timeout_seconds: InactivityTimeout.optional() })
  .openapi('AgentCreate');

export const AgentPatchSchema = z
  .strictObject({ inactivity_timeout_seconds: InactivityTimeout.optional() })
  .openapi('AgentPatch');

export const AgentSchema = z
  .object({
    id: z.string(),
    company_id: z.number(),
    inactivity_timeout_seconds: z.number(),
    live_version: z
      .number()
      .nullable()
      .meta({ description: 'The training serving mailing requests; null before the first' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi('Agent');

/** A published training. `slots` are the durable snapshots exactly as tasks receive them (camelCase). */
export const TrainingSchema = z
  .object({
    agent_id: z.string(),
    version: z.number(),
    created_at: Timestamp,
    slots: z.array(
      z.record(z.string(), z.unknown()).meta({ description: 'SlotSnapshot (workflows/slot-snapshot.ts)' }),
    ),
  })
  .openapi('Training');

export const TrainingFailedSchema = z
  .object({
    status: z.literal('Training failed'),
    errors: z.array(z.object({ field: z.string(), message: z.string() })),
    live_version: z
      .number()
      .nullable()
      .meta({ description: 'Still serving: a failed training publishes nothing' }),
  })
  .openapi('TrainingFailed');
