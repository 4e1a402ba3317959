import { stripCredentials } from '../lib/http/url-credentials.js';
import type { ChannelKind, SlotSettings, SlotSnapshot } from './types.js';

/** What a training knows about one slot when it publishes it. */
export interface SnapshotSource {
  companyId: number;
  agentId: string;
  trainingVersion: number;
  inactivityTimeoutSeconds: number;
  slotId: string;
  webhook: string;
  settings: SlotSettings;
  channelKind: ChannelKind;
}

/**
 * Draft settings → the durable `SlotSnapshot`. Copies every field by name (no spreading), so a field
 * added to the draft does not reach workflow history unless it is added here on purpose. Trims the
 * name, the channel id and the context keys the way validation read them.
 */
export function toSlotSnapshot(source: SnapshotSource): SlotSnapshot {
  const { settings } = source;
  return {
    companyId: source.companyId,
    agentId: source.agentId,
    trainingVersion: source.trainingVersion,
    slotId: source.slotId,
    slotName: settings.name.trim(),
    webhook: source.webhook,
    channel: { id: settings.destinationChannel.trim(), kind: source.channelKind },
    inactivityTimeoutSeconds: source.inactivityTimeoutSeconds,
    parseRequestBody: settings.parseRequestBody.map((r) => ({
      contextKey: r.contextKey,
      requestKey: r.requestKey,
    })),
    destination: {
      templateName: settings.destination.templateName,
      namespace: settings.destination.namespace,
      languageCode: settings.destination.languageCode,
      templateParameters: settings.destination.templateParameters.map((p) => ({
        type: p.type,
        value: p.value,
      })),
    },
    branchHooks: pickHooks(settings.branchHooks),
  };
}

function pickHooks(hooks: SlotSettings['branchHooks']): SlotSnapshot['branchHooks'] {
  const out: SlotSnapshot['branchHooks'] = {};
  if (hooks.fail !== undefined) out.fail = hooks.fail;
  if (hooks.no_account !== undefined) out.no_account = hooks.no_account;
  if (hooks.success !== undefined) out.success = hooks.success;
  return out;
}

/**
 * A snapshot read back from jsonb, rebuilt field by field: the declared key order (jsonb sorts keys)
 * and nothing that is not part of the durable contract.
 */
export function normaliseSnapshot(raw: SlotSnapshot): SlotSnapshot {
  return {
    companyId: raw.companyId,
    agentId: raw.agentId,
    trainingVersion: raw.trainingVersion,
    slotId: raw.slotId,
    slotName: raw.slotName,
    webhook: raw.webhook,
    channel: { id: raw.channel.id, kind: raw.channel.kind },
    inactivityTimeoutSeconds: raw.inactivityTimeoutSeconds,
    parseRequestBody: raw.parseRequestBody.map((r) => ({
      contextKey: r.contextKey,
      requestKey: r.requestKey,
    })),
    destination: {
      templateName: raw.destination.templateName,
      namespace: raw.destination.namespace,
      languageCode: raw.destination.languageCode,
      templateParameters: raw.destination.templateParameters.map((p) => ({ type: p.type, value: p.value })),
    },
    branchHooks: pickHooks(raw.branchHooks),
  };
}

/**
 * The snapshot as a task carries it into workflow input and history: branch-hook URLs without their
 * user info (CONTRACTS §4). The hook activity reads the credentials back from the store by slot and
 * branch (`getBranchHookUrl`).
 */
export function snapshotForWorkflow(snapshot: SlotSnapshot): SlotSnapshot {
  const hooks: SlotSnapshot['branchHooks'] = {};
  for (const branch of ['fail', 'no_account', 'success'] as const) {
    const url = snapshot.branchHooks[branch];
    if (url !== undefined) hooks[branch] = stripCredentials(url);
  }
  return { ...snapshot, branchHooks: hooks };
}

/** Two publications equal apart from their version: `trainAgent({ onlyIfChanged })` then publishes nothing. */
export function sameSnapshots(a: readonly SlotSnapshot[], b: readonly SlotSnapshot[]): boolean {
  const strip = (list: readonly SlotSnapshot[]) =>
    JSON.stringify(
      [...list]
        .sort((x, y) => x.slotId.localeCompare(y.slotId))
        .map((s) => canonical({ ...s, trainingVersion: 0 })),
    );
  return strip(a) === strip(b);
}

/** Key-sorted deep copy, so jsonb's key reordering cannot make equal snapshots look different. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
