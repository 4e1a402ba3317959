import { z } from 'zod';

/**
 * Zod schemas of the mock's control API (`/__mock/*`) and the types inferred from them.
 * One module so the server validates and the control client types with the same definitions.
 */

/** A phone number as tests write it: digits, optionally a leading `+`, stored as digits only. */
const phone = z
  .string()
  .regex(/^\+?\d{6,20}$/, 'expected digits with country code, optional leading +')
  .transform((value) => value.replace(/\D/g, ''));

export const flavourSchema = z.enum(['cloud', 'onprem']);
/** Which 360dialog hosting a key emulates: Cloud API (`/messages`) or On-Premise (`/v1/messages`). */
export type Flavour = z.infer<typeof flavourSchema>;

export const keySchema = z.strictObject({
  key: z.string().min(1),
  flavour: flavourSchema,
  // On-prem success code is not pinned down by any source (§3.1): clients must accept both.
  onpremSuccessStatus: z.union([z.literal(200), z.literal(201)]).default(201),
  /** The number's throughput: more accepted sends than this in any 1 s → 429 (130429 / 1015). */
  sendRatePerSecond: z.number().int().min(1).max(10_000).optional(),
  /** `Retry-After` of that 429 in seconds; Meta usually sends none, so it is left out when unset. */
  retryAfterSeconds: z.number().int().min(0).max(3_600).optional(),
  /** Meta's pair rate: a send to the same recipient sooner than this after the last one → 131056. */
  pairIntervalMs: z.number().int().min(1).max(600_000).optional(),
});
export type KeyConfig = z.output<typeof keySchema>;
export type KeyInput = z.input<typeof keySchema>;

/** Disorder and oddities of real status webhooks (§5.3), switchable per scenario or globally. */
export const chaosSchema = z.strictObject({
  duplicate: z.boolean().optional(),
  shuffle: z.boolean().optional(),
  shuffleSeed: z.number().int().optional(),
  bundle: z.boolean().optional(),
  early: z.boolean().optional(),
  deleted: z.boolean().optional(),
  recipientIdUnderMessage: z.boolean().optional(),
});
export type Chaos = z.infer<typeof chaosSchema>;

export const scenarioNameSchema = z.enum([
  'happy',
  'no_read',
  'read_only',
  'blocked',
  'no_account',
  'reengagement',
  'not_delivered',
  'media_fail',
  'none',
]);
/** Scripted status sequence for one recipient (§9 "Status webhook sequences"). */
export type ScenarioName = z.infer<typeof scenarioNameSchema>;

export const scenarioSchema = z.strictObject({
  recipient: phone,
  scenario: scenarioNameSchema.default('happy'),
  chaos: chaosSchema.optional(),
  delayMs: z.number().int().min(0).max(60_000).optional(),
  syncNoAccount: z.boolean().optional(),
  waIdOverride: phone.optional(),
});
export type ScenarioConfig = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

const retrySchema = z.strictObject({
  baseDelayMs: z.number().int().min(0).max(600_000),
  factor: z.number().min(1).max(10),
  maxAttempts: z.number().int().min(1).max(20),
});

export const mockConfigSchema = z.strictObject({
  statusDelayMs: z.number().int().min(0).max(60_000),
  webhookTimeoutMs: z.number().int().min(1).max(60_000),
  retry: retrySchema,
  strictCloudWebhookUrl: z.boolean(),
  signatureSecret: z.string().min(1).nullable(),
  contactsAlwaysValid: z.boolean(),
  chaos: chaosSchema,
  businessNumber: z.string().regex(/^\d{6,20}$/),
  phoneNumberId: z.string().min(1),
  wabaId: z.string().min(1),
});
/** Global knobs: timing, retry policy, URL strictness, HMAC secret, business identity. */
export type MockConfig = z.infer<typeof mockConfigSchema>;

export const configPatchSchema = mockConfigSchema
  .partial()
  .extend({ retry: retrySchema.partial().optional() });
export type MockConfigPatch = z.infer<typeof configPatchSchema>;

const matchSchema = z.strictObject({
  recipient: phone.optional(),
  template: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  path: z.string().startsWith('/').optional(),
});

const faultCommon = { times: z.number().int().min(1).default(1), match: matchSchema.optional() };

export const errorShapeSchema = z.enum([
  'graph',
  'onprem',
  'gateway',
  'gatewayCamel',
  'errorString',
  'detail',
]);
/** The five error-body layouts of §3.2 (`gateway` in both historical spellings). */
export type ErrorShape = z.infer<typeof errorShapeSchema>;

export const cannedFaultSchema = z.enum([
  'rate_limit',
  'endpoint_rate_limit',
  'internal_error',
  'api_unavailable',
  'service_unavailable',
  'blocked_endpoint',
  'lack_of_payment',
  'pair_rate_limit',
  'spam_rate_limit',
]);
export type CannedFault = z.infer<typeof cannedFaultSchema>;

export const faultSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('http'),
    status: z.number().int().min(400).max(599),
    shape: errorShapeSchema,
    code: z.number().int().optional(),
    message: z.string().min(1).optional(),
    ...faultCommon,
  }),
  z.strictObject({ type: z.literal('canned'), name: cannedFaultSchema, ...faultCommon }),
  z.strictObject({ type: z.literal('hang'), ...faultCommon }),
  z.strictObject({ type: z.literal('reset'), ...faultCommon }),
  z.strictObject({ type: z.literal('slow'), delayMs: z.number().int().min(0).max(120_000), ...faultCommon }),
  z.strictObject({ type: z.literal('html502'), ...faultCommon }),
]);
export type FaultSpec = z.output<typeof faultSchema>;
export type FaultInput = z.input<typeof faultSchema>;

const inboundCommon = { key: z.string().min(1) };
const replyCommon = { ...inboundCommon, from: phone, contextMessageId: z.string().min(1).optional() };

export const inboundSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('text'),
    ...inboundCommon,
    from: phone,
    text: z.string(),
    profileName: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('button'),
    ...replyCommon,
    text: z.string(),
    payload: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('button_reply'), ...replyCommon, id: z.string(), title: z.string() }),
  z.strictObject({
    type: z.literal('list_reply'),
    ...replyCommon,
    id: z.string(),
    title: z.string(),
    description: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('errors'),
    ...inboundCommon,
    code: z.number().int().optional(),
    title: z.string().optional(),
    details: z.string().optional(),
  }),
]);
export type InboundInput = z.input<typeof inboundSchema>;
export type InboundEvent = z.output<typeof inboundSchema>;

const buttonSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('URL'), text: z.string(), url: z.string() }),
  z.strictObject({ type: z.literal('PHONE_NUMBER'), text: z.string(), phone_number: z.string() }),
  z.strictObject({ type: z.literal('QUICK_REPLY'), text: z.string() }),
  // Takes its code at send time: `{type:'button', sub_type:'copy_code', parameters:[{type:'coupon_code', …}]}`.
  z.strictObject({ type: z.literal('COPY_CODE'), text: z.string().default('Copy offer code') }),
]);
export type TemplateButton = z.infer<typeof buttonSchema>;

const componentSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('HEADER'),
    format: z.enum(['TEXT', 'IMAGE', 'DOCUMENT', 'VIDEO', 'LOCATION']),
    text: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('BODY'), text: z.string() }),
  z.strictObject({ type: z.literal('FOOTER'), text: z.string() }),
  z.strictObject({ type: z.literal('BUTTONS'), buttons: z.array(buttonSchema).min(1) }),
]);
export type TemplateComponent = z.infer<typeof componentSchema>;

export const templateSchema = z.strictObject({
  name: z.string().min(1),
  language: z.string().min(2),
  // Only `approved` ones can be sent (others answer 132001 / 132015 / 132016, see send-validation.ts).
  status: z.enum(['approved', 'pending', 'rejected', 'paused', 'disabled']).default('approved'),
  namespace: z.string().min(1),
  category: z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']),
  components: z.array(componentSchema),
});
/** A template as `GET /v1/configs/templates` lists it; also the source of the mock's send validation. */
export type TemplateFixture = z.output<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;

export const templatesSchema = z.array(templateSchema);
