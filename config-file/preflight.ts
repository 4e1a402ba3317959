import { checkExpression } from '../lib/expressions/index.js';
import {
  BASE_URL_MESSAGE,
  checkSecrets,
  DEFAULT_BASE_URLS,
  normaliseBaseUrl,
  validateSlotSettings,
  type FieldError,
  type Store,
} from '../store/index.js';
import { zodFieldErrors } from '../api/errors.js';
import { toSlotSettings } from '../api/admin/mapping.js';
import { ConfigFileError } from './errors.js';
import { ConfigFileSchema, type AgentEntry, type ChannelEntry, type ConfigFile } from './schema.js';

/** A checked file plus the secrets its channels name, read from the environment. */
export interface PreparedConfig {
  doc: ConfigFile;
  secrets: Map<string, { apiKey: string; callbackSecret?: string }>;
}

interface Check {
  store: Store;
  errors: FieldError[];
  /** Is the company in the file or in the database? */
  companyExists: (id: number) => Promise<boolean>;
}

/**
 * Everything that can be known before writing: the shape, the environment variables, references
 * between entries and to what the database holds, and every slot's SPEC §2 rules against the channels
 * that will exist once the file is applied. One `ConfigFileError` lists all problems.
 */
export async function prepareConfig(
  input: unknown,
  store: Store,
  env: Record<string, string | undefined>,
): Promise<PreparedConfig> {
  const parsed = ConfigFileSchema.safeParse(input ?? {});
  if (!parsed.success) throw new ConfigFileError(zodFieldErrors(parsed.error));
  const doc = parsed.data;
  const inFile = new Set(doc.companies.map((c) => c.id));
  const check: Check = {
    store,
    errors: [],
    companyExists: async (id) => inFile.has(id) || (await store.getCompany(id)) !== undefined,
  };
  const secrets = new Map<string, { apiKey: string; callbackSecret?: string }>();
  for (const [i, channel] of doc.channels.entries()) {
    secrets.set(channel.id, readSecrets(channel, `channels.${i}`, env, check.errors));
    await checkChannel(channel, `channels.${i}`, check);
  }
  for (const [a, agent] of doc.agents.entries()) {
    const fileChannels = doc.channels.filter((c) => c.company === agent.company).map((c) => c.id);
    await checkAgent(agent, `agents.${a}`, fileChannels, check);
  }
  if (check.errors.length > 0) throw new ConfigFileError(check.errors);
  return { doc, secrets };
}

async function checkChannel(channel: ChannelEntry, path: string, { store, errors, companyExists }: Check) {
  if (!(await companyExists(channel.company))) {
    errors.push({ field: `${path}.company`, message: unknownCompany(channel.company) });
    return;
  }
  const existing = await store.getChannel(channel.id);
  if (existing && existing.companyId !== channel.company) {
    errors.push({
      field: `${path}.company`,
      message: `Channel ${channel.id} belongs to company ${existing.companyId}`,
    });
  }
  if (channel.base_url !== undefined && normaliseBaseUrl(channel.base_url) === undefined) {
    errors.push({ field: `${path}.base_url`, message: BASE_URL_MESSAGE });
  }
}

async function checkAgent(agent: AgentEntry, path: string, fileChannels: string[], check: Check) {
  const { store, errors } = check;
  if (!(await check.companyExists(agent.company))) {
    errors.push({ field: `${path}.company`, message: unknownCompany(agent.company) });
    return;
  }
  const existing = await store.getAgent(agent.id);
  if (existing && existing.companyId !== agent.company) {
    errors.push({
      field: `${path}.company`,
      message: `Agent ${agent.id} belongs to company ${existing.companyId}`,
    });
  }
  const channelIds = new Set([...(await savedChannels(store, agent.company)), ...fileChannels]);
  for (const [s, slot] of agent.slots.entries()) {
    const slotPath = `${path}.slots.${s}`;
    const saved = await store.getSlot(slot.id);
    if (saved && saved.agentId !== agent.id) {
      errors.push({ field: `${slotPath}.id`, message: `Slot ${slot.id} belongs to agent ${saved.agentId}` });
    }
    const rules = validateSlotSettings(toSlotSettings(slot), {
      companyId: agent.company,
      channelIds,
      checkExpression,
    });
    errors.push(...rules.map((e) => ({ field: `${slotPath}.${e.field}`, message: e.message })));
  }
}

const unknownCompany = (id: number) => `Company ${id} is neither in the file nor in the database`;

/** Names a missing or malformed variable, never prints a value. */
function readSecrets(
  channel: ChannelEntry,
  path: string,
  env: Record<string, string | undefined>,
  errors: FieldError[],
): { apiKey: string; callbackSecret?: string } {
  const read = (field: 'api_key_env' | 'callback_secret_env', name: string): string | undefined => {
    const value = env[name];
    if (value === undefined || value.trim() === '') {
      errors.push({ field: `${path}.${field}`, message: `Environment variable ${name} is not set` });
      return undefined;
    }
    return value;
  };
  const apiKey = read('api_key_env', channel.api_key_env) ?? '';
  if (channel.callback_secret_env === undefined) return { apiKey };
  const callbackSecret = read('callback_secret_env', channel.callback_secret_env);
  if (callbackSecret !== undefined && checkSecrets(undefined, callbackSecret).length > 0) {
    errors.push({
      field: `${path}.callback_secret_env`,
      message: `${channel.callback_secret_env} must hold 16 to 256 printable ASCII characters without spaces`,
    });
  }
  return callbackSecret === undefined ? { apiKey } : { apiKey, callbackSecret };
}

/** Channel ids the company has in the database (none when the file is what creates the company). */
async function savedChannels(store: Store, companyId: number): Promise<string[]> {
  if (!(await store.getCompany(companyId))) return [];
  return (await store.listChannels(companyId)).map((c) => c.id);
}

/** What the store would save for a channel's base URL, so "unchanged" compares like with like. */
export function effectiveBaseUrl(kind: keyof typeof DEFAULT_BASE_URLS, baseUrl: string | undefined): string {
  const url = baseUrl ?? DEFAULT_BASE_URLS[kind];
  return normaliseBaseUrl(url) ?? url;
}
