import type { Logger } from '../lib/logger.js';
import {
  canonical,
  DEFAULT_INACTIVITY_TIMEOUT_SECONDS,
  DEFAULT_RATE_LIMIT_PER_SECOND,
  DEFAULT_SEND_RATES,
  type FieldError,
  type Store,
} from '../store/index.js';
import { registerCallbacks } from '../api/admin/channels/register-callbacks.js';
import { toSlotSettings } from '../api/admin/mapping.js';
import { callbackUrl, webhookUrl } from '../api/admin/urls.js';
import { ConfigFileError } from './errors.js';
import { effectiveBaseUrl, prepareConfig, type PreparedConfig } from './preflight.js';
import type { AgentEntry, ChannelEntry, ConfigFile } from './schema.js';

export interface ApplyConfigDeps {
  store: Store;
  /** Where `api_key_env` and `callback_secret_env` are read (the tool passes `process.env`). */
  env: Record<string, string | undefined>;
  publicBaseUrl: string;
  logger: Logger;
  fetch?: typeof fetch;
  registerCallbacksTimeoutMs?: number;
}

export type ApplyAction = 'created' | 'updated' | 'unchanged';

/** What an apply did; applying the same file again reports nothing but `unchanged`. */
export interface ApplySummary {
  changed: boolean;
  entities: { kind: 'company' | 'channel' | 'agent' | 'slot'; id: string; action: ApplyAction }[];
  callbacks: { channelId: string; url: string; action: 'registered' | 'unchanged' }[];
  /** `warnings`: what the template check found that does not refuse the training (issue 10). */
  trainings: {
    agentId: string;
    version: number;
    action: 'trained' | 'unchanged';
    warnings: FieldError[];
  }[];
  slots: { id: string; agentId: string; webhook: string; webhookUrl: string; live: boolean }[];
}

/**
 * SPEC §7 config as code: validates the whole document first (nothing is written if any part is
 * invalid), then upserts companies, channels, agents and slots by id, registers callbacks where asked
 * and not yet done for the current URL and credentials, and trains agents marked `train` only when
 * the snapshot would differ from the live one. Entries the file does not mention are left alone. A
 * failure after validation (360dialog refusing a registration) leaves what was applied; re-running the
 * file finishes the job, because every step is idempotent.
 */
export async function applyConfig(input: unknown, deps: ApplyConfigDeps): Promise<ApplySummary> {
  const prepared = await prepareConfig(input, deps.store, deps.env);
  const summary: ApplySummary = { changed: false, entities: [], callbacks: [], trainings: [], slots: [] };
  const note: Note = (kind, id, action) => {
    summary.entities.push({ kind, id: String(id), action });
    if (action !== 'unchanged') deps.logger.info(`config: ${kind} ${action}`, { [`${kind}Id`]: id });
  };
  for (const company of prepared.doc.companies)
    note('company', company.id, await upsertCompany(company, deps));
  for (const channel of prepared.doc.channels) {
    note('channel', channel.id, await upsertChannel(channel, prepared, deps));
    if (channel.register_callbacks) summary.callbacks.push(await ensureCallbacks(channel.id, deps));
  }
  for (const agent of prepared.doc.agents) {
    await upsertAgent(agent, deps, note);
    if (agent.train) summary.trainings.push(await train(agent.id, deps));
    summary.slots.push(...(await describeSlots(agent, deps)));
  }
  summary.changed =
    summary.entities.some((e) => e.action !== 'unchanged') ||
    summary.callbacks.some((c) => c.action !== 'unchanged') ||
    summary.trainings.some((t) => t.action !== 'unchanged');
  return summary;
}

type Note = (
  kind: ApplySummary['entities'][number]['kind'],
  id: string | number,
  action: ApplyAction,
) => void;

async function upsertCompany(
  entry: ConfigFile['companies'][number],
  { store }: ApplyConfigDeps,
): Promise<ApplyAction> {
  const rate = entry.rate_limit_per_second ?? DEFAULT_RATE_LIMIT_PER_SECOND;
  const existing = await store.getCompany(entry.id);
  if (!existing) {
    await store.createCompany({ id: entry.id, rateLimitPerSecond: rate });
    return 'created';
  }
  if (existing.rateLimitPerSecond === rate) return 'unchanged';
  await store.updateCompany(entry.id, { rateLimitPerSecond: rate });
  return 'updated';
}

/** Publishes only when the snapshot would differ from the live one (or none is live yet). */
async function train(
  agentId: string,
  { store }: ApplyConfigDeps,
): Promise<ApplySummary['trainings'][number]> {
  const outcome = await store.trainAgent(agentId, { onlyIfChanged: true });
  if (outcome.outcome === 'invalid') {
    const live =
      outcome.liveVersion === null ? 'nothing is live' : `version ${outcome.liveVersion} stays live`;
    throw new ConfigFileError(outcome.errors, `Training agent ${agentId} failed; ${live}`, outcome.warnings);
  }
  return { agentId, version: outcome.version, action: outcome.outcome, warnings: outcome.warnings };
}

/** The file's slots of this agent with their webhook URLs, for the operator to hand out. */
async function describeSlots(agent: AgentEntry, deps: ApplyConfigDeps): Promise<ApplySummary['slots']> {
  const slots = await deps.store.listSlots(agent.id);
  return slots
    .filter((slot) => agent.slots.some((s) => s.id === slot.id))
    .map((slot) => ({
      id: slot.id,
      agentId: agent.id,
      webhook: slot.webhook,
      webhookUrl: webhookUrl(deps.publicBaseUrl, slot.webhook),
      live: slot.liveWebhook === slot.webhook,
    }));
}

async function upsertChannel(
  entry: ChannelEntry,
  prepared: PreparedConfig,
  { store }: ApplyConfigDeps,
): Promise<ApplyAction> {
  const secret = prepared.secrets.get(entry.id);
  if (!secret) throw new Error(`No secrets prepared for channel ${entry.id}`);
  const baseUrl = effectiveBaseUrl(entry.kind, entry.base_url);
  const current = await store.getChannelSecrets(entry.id);
  const sendRate = entry.send_rate_per_second ?? DEFAULT_SEND_RATES[entry.kind];
  if (!current) {
    await store.createChannel({
      id: entry.id,
      companyId: entry.company,
      kind: entry.kind,
      baseUrl,
      apiKey: secret.apiKey,
      callbackSecret: secret.callbackSecret,
      active: entry.active,
      sendRatePerSecond: entry.send_rate_per_second,
    });
    return 'created';
  }
  const patch = {
    kind: current.kind !== entry.kind ? entry.kind : undefined,
    baseUrl: current.baseUrl !== baseUrl ? baseUrl : undefined,
    apiKey: current.apiKey !== secret.apiKey ? secret.apiKey : undefined,
    callbackSecret:
      secret.callbackSecret !== undefined && current.callbackSecret !== secret.callbackSecret
        ? secret.callbackSecret
        : undefined,
    active: current.active !== entry.active ? entry.active : undefined,
    // Declarative: a file without the key means the kind's default, also for an existing channel.
    sendRatePerSecond: current.sendRatePerSecond !== sendRate ? sendRate : undefined,
  };
  if (Object.values(patch).every((v) => v === undefined)) return 'unchanged';
  await store.updateChannel(entry.id, patch);
  return 'updated';
}

/** Registers only when the URL, key, secret or base URL changed since the last registration. */
async function ensureCallbacks(
  channelId: string,
  deps: ApplyConfigDeps,
): Promise<ApplySummary['callbacks'][number]> {
  const url = callbackUrl(deps.publicBaseUrl, channelId);
  const channel = await deps.store.getChannel(channelId);
  if (channel?.callbacksRegisteredUrl === url) return { channelId, url, action: 'unchanged' };
  await registerCallbacks(channelId, {
    store: deps.store,
    publicBaseUrl: deps.publicBaseUrl,
    logger: deps.logger,
    fetch: deps.fetch,
    timeoutMs: deps.registerCallbacksTimeoutMs,
  });
  return { channelId, url, action: 'registered' };
}

async function upsertAgent(entry: AgentEntry, { store }: ApplyConfigDeps, note: Note): Promise<void> {
  const timeout = entry.inactivity_timeout_seconds ?? DEFAULT_INACTIVITY_TIMEOUT_SECONDS;
  const agent = await store.getAgent(entry.id);
  if (!agent)
    await store.createAgent({ id: entry.id, companyId: entry.company, inactivityTimeoutSeconds: timeout });
  else if (agent.inactivityTimeoutSeconds !== timeout) {
    await store.updateAgent(entry.id, { inactivityTimeoutSeconds: timeout });
  }
  note(
    'agent',
    entry.id,
    !agent ? 'created' : agent.inactivityTimeoutSeconds !== timeout ? 'updated' : 'unchanged',
  );

  for (const { id, webhook, ...fields } of entry.slots) {
    const settings = toSlotSettings(fields);
    const slot = await store.getSlot(id);
    if (!slot) {
      await store.createSlot({ id, agentId: entry.id, webhook, settings });
      note('slot', id, 'created');
      continue;
    }
    const settingsChanged = JSON.stringify(canonical(slot.settings)) !== JSON.stringify(canonical(settings));
    if (settingsChanged) await store.updateSlot(id, settings);
    const webhookChanged = webhook !== undefined && webhook !== slot.webhook;
    if (webhookChanged) await store.regenerateWebhook(id, webhook);
    note('slot', id, settingsChanged || webhookChanged ? 'updated' : 'unchanged');
  }
}
