import type { Row } from './driver/database.js';
import type { Agent, Channel, ChannelKind, ChannelSecrets, Company, SlotSettings } from './types.js';

/** Row → record mappers: the only place that knows the column names. */

export const toCompany = (r: Row): Company => ({
  id: Number(r.id),
  rateLimitPerSecond: Number(r.rate_limit_per_second),
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

export const toChannel = (r: Row): Channel => ({
  id: r.id as string,
  companyId: Number(r.company_id),
  kind: r.kind as ChannelKind,
  baseUrl: r.base_url as string,
  active: r.active as boolean,
  sendRatePerSecond: Number(r.send_rate_per_second),
  callbacksRegisteredUrl: (r.callbacks_registered_url as string | null) ?? null,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

export const toChannelSecrets = (r: Row): ChannelSecrets => ({
  id: r.id as string,
  companyId: Number(r.company_id),
  kind: r.kind as ChannelKind,
  baseUrl: r.base_url as string,
  apiKey: r.api_key as string,
  callbackSecret: r.callback_secret as string,
  active: r.active as boolean,
  sendRatePerSecond: Number(r.send_rate_per_second),
});

export const toAgent = (r: Row): Agent => ({
  id: r.id as string,
  companyId: Number(r.company_id),
  inactivityTimeoutSeconds: Number(r.inactivity_timeout_seconds),
  liveVersion: r.live_version === null || r.live_version === undefined ? null : Number(r.live_version),
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

/** jsonb comes back parsed from both engines; tolerate a string all the same. */
export const fromJson = <T>(value: unknown): T =>
  (typeof value === 'string' ? JSON.parse(value) : value) as T;

export const toSettings = (value: unknown): SlotSettings => fromJson<SlotSettings>(value);
