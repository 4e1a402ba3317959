import type { Agent, Channel, Company, Slot, SlotSettings, Training } from '../../store/index.js';
import type { SlotPatchInput, SlotSettingsInput } from './schemas/slot.js';
import { callbackUrl, webhookUrl } from './urls.js';

/**
 * snake_case HTTP/config shapes ↔ camelCase store records. Every field is copied by name, so a new
 * field in one contract cannot leak into the other (or into a SlotSnapshot) by accident.
 */

export function toSlotSettings(input: SlotSettingsInput): SlotSettings {
  const hooks: SlotSettings['branchHooks'] = {};
  if (input.branch_hooks.fail !== undefined) hooks.fail = input.branch_hooks.fail;
  if (input.branch_hooks.no_account !== undefined) hooks.no_account = input.branch_hooks.no_account;
  if (input.branch_hooks.success !== undefined) hooks.success = input.branch_hooks.success;
  return {
    name: input.name,
    destinationChannel: input.destination_channel.trim(),
    parseRequestBody: input.parse_request_body.map((r) => ({
      contextKey: r.context_key,
      requestKey: r.request_key,
    })),
    destination: {
      templateName: input.destination.template_name,
      namespace: input.destination.namespace,
      languageCode: input.destination.language_code,
      templateParameters: input.destination.template_parameters.map((p) => ({
        type: p.type,
        value: p.value,
      })),
    },
    branchHooks: hooks,
  };
}

export function fromSlotSettings(settings: SlotSettings): SlotSettingsInput {
  return {
    name: settings.name,
    destination_channel: settings.destinationChannel,
    parse_request_body: settings.parseRequestBody.map((r) => ({
      context_key: r.contextKey,
      request_key: r.requestKey,
    })),
    destination: {
      template_name: settings.destination.templateName,
      namespace: settings.destination.namespace,
      language_code: settings.destination.languageCode,
      template_parameters: settings.destination.templateParameters.map((p) => ({
        type: p.type,
        value: p.value,
      })),
    },
    branch_hooks: { ...settings.branchHooks },
  };
}

/** PATCH semantics: given top-level fields replace, `destination` merges one level deep. */
export function mergeSlotPatch(current: SlotSettingsInput, patch: SlotPatchInput): SlotSettingsInput {
  return {
    name: patch.name ?? current.name,
    destination_channel: patch.destination_channel ?? current.destination_channel,
    parse_request_body: patch.parse_request_body ?? current.parse_request_body,
    destination: {
      template_name: patch.destination?.template_name ?? current.destination.template_name,
      namespace: patch.destination?.namespace ?? current.destination.namespace,
      language_code: patch.destination?.language_code ?? current.destination.language_code,
      template_parameters: patch.destination?.template_parameters ?? current.destination.template_parameters,
    },
    branch_hooks: patch.branch_hooks ?? current.branch_hooks,
  };
}

export const companyView = (company: Company) => ({
  id: company.id,
  rate_limit_per_second: company.rateLimitPerSecond,
  created_at: company.createdAt.toISOString(),
  updated_at: company.updatedAt.toISOString(),
});

export function channelView(channel: Channel, publicBaseUrl: string) {
  const url = callbackUrl(publicBaseUrl, channel.id);
  return {
    id: channel.id,
    company_id: channel.companyId,
    kind: channel.kind,
    base_url: channel.baseUrl,
    active: channel.active,
    send_rate_per_second: channel.sendRatePerSecond,
    api_key_set: true as const,
    callback_url: url,
    callbacks_registered: channel.callbacksRegisteredUrl === url,
    created_at: channel.createdAt.toISOString(),
    updated_at: channel.updatedAt.toISOString(),
  };
}

export const agentView = (agent: Agent) => ({
  id: agent.id,
  company_id: agent.companyId,
  inactivity_timeout_seconds: agent.inactivityTimeoutSeconds,
  live_version: agent.liveVersion,
  created_at: agent.createdAt.toISOString(),
  updated_at: agent.updatedAt.toISOString(),
});

export const slotView = (slot: Slot, publicBaseUrl: string) => ({
  id: slot.id,
  agent_id: slot.agentId,
  company_id: slot.companyId,
  ...fromSlotSettings(slot.settings),
  webhook: slot.webhook,
  webhook_url: webhookUrl(publicBaseUrl, slot.webhook),
  live: slot.liveWebhook !== null,
  live_webhook: slot.liveWebhook,
  created_at: slot.createdAt.toISOString(),
  updated_at: slot.updatedAt.toISOString(),
});

export const trainingView = (training: Training) => ({
  agent_id: training.agentId,
  version: training.version,
  created_at: training.createdAt.toISOString(),
  slots: training.slots.map((s): Record<string, unknown> => ({ ...s })),
});
