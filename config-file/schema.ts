import { z } from '@hono/zod-openapi';
import { webhookCompanyId } from '../store/index.js';
import {
  ChannelKindSchema,
  CompanyId,
  InactivityTimeout,
  RateLimit,
  Slug,
} from '../api/admin/schemas/common.js';
import { SendRatePerSecond } from '../api/admin/schemas/channel.js';
import { SlotSettingsSchema } from '../api/admin/schemas/slot.js';

/**
 * The declarative config file of SPEC §7 (YAML or JSON). Built from the admin API's schemas, so a
 * slot means the same in a file as in a request; objects are strict, so a misspelt key is an error
 * rather than a silently ignored setting. Secrets are named by environment variable, never written.
 */

const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Must be the name of an environment variable')
  .meta({ example: 'D360_API_KEY_MAIN' });

const CompanyEntry = z.strictObject({ id: CompanyId, rate_limit_per_second: RateLimit.optional() });

const ChannelEntry = z.strictObject({
  id: Slug,
  company: CompanyId,
  kind: ChannelKindSchema,
  base_url: z.string().optional(),
  api_key_env: EnvName,
  callback_secret_env: EnvName.optional(),
  register_callbacks: z.boolean().default(false),
  active: z.boolean().default(true),
  /** Absent = the kind's default (80 Cloud, 20 On-Premise); see README "Send pacing". */
  send_rate_per_second: SendRatePerSecond.optional(),
});

const SlotEntry = SlotSettingsSchema.extend({
  id: Slug,
  webhook: z
    .string()
    .refine(
      (w) => webhookCompanyId(w) !== undefined,
      'Must be {companyId}:: followed by 32 lowercase hex digits',
    )
    .optional(),
});

const AgentEntry = z.strictObject({
  id: Slug,
  company: CompanyId,
  inactivity_timeout_seconds: InactivityTimeout.optional(),
  train: z.boolean().default(false),
  slots: z.array(SlotEntry).default([]),
});

export const ConfigFileSchema = z
  .strictObject({
    companies: z.array(CompanyEntry).default([]),
    channels: z.array(ChannelEntry).default([]),
    agents: z.array(AgentEntry).default([]),
  })
  .superRefine((doc, ctx) => {
    const duplicates = (list: { id: string | number }[], path: string, what: string) => {
      const seen = new Set<string | number>();
      list.forEach((entry, i) => {
        if (seen.has(entry.id))
          ctx.addIssue({
            code: 'custom',
            path: [path, i, 'id'],
            message: `Duplicate ${what} id ${entry.id}`,
          });
        seen.add(entry.id);
      });
    };
    duplicates(doc.companies, 'companies', 'company');
    duplicates(doc.channels, 'channels', 'channel');
    duplicates(doc.agents, 'agents', 'agent');
    const slotIds = new Set<string>();
    doc.agents.forEach((agent, a) =>
      agent.slots.forEach((slot, s) => {
        if (slotIds.has(slot.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['agents', a, 'slots', s, 'id'],
            message: `Duplicate slot id ${slot.id}`,
          });
        }
        slotIds.add(slot.id);
        if (slot.webhook !== undefined && webhookCompanyId(slot.webhook) !== agent.company) {
          ctx.addIssue({
            code: 'custom',
            path: ['agents', a, 'slots', s, 'webhook'],
            message: `Must start with ${agent.company}:: (the agent's company)`,
          });
        }
      }),
    );
  });

export type ConfigFile = z.output<typeof ConfigFileSchema>;
export type ChannelEntry = ConfigFile['channels'][number];
export type AgentEntry = ConfigFile['agents'][number];
