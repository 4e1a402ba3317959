import { randomBytes } from 'node:crypto';

/**
 * Every id and webhook is made and checked here, so the formats the callback URL, the webhook URL
 * and the config file rely on have one definition.
 */

/** Channel, agent and slot ids: URL-safe slugs. No `_`: 360dialog Cloud rejects it in webhook URLs. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const SLUG_MESSAGE =
  "Use 1-63 characters: lowercase Latin letters, digits and '-', not starting with '-'";

/** `{companyId}::{32 lowercase hex}` (SPEC §2). */
const WEBHOOK = /^([1-9][0-9]{0,9})::([0-9a-f]{32})$/;
export const MAX_COMPANY_ID = 2_147_483_647;

export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export function newWebhook(companyId: number): string {
  return `${companyId}::${randomBytes(16).toString('hex')}`;
}

/** The company id a webhook names, or undefined when it is malformed. */
export function webhookCompanyId(webhook: string): number | undefined {
  const match = WEBHOOK.exec(webhook);
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_COMPANY_ID ? id : undefined;
}

/** 32 random bytes as hex: the value 360dialog echoes in `X-Callback-Secret` on every callback. */
export function newCallbackSecret(): string {
  return randomBytes(32).toString('hex');
}

/** Positive and within PostgreSQL's `integer`, so a lookup never turns a bad id into a server error. */
export function isCompanyId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_COMPANY_ID;
}
