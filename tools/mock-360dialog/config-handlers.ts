import type { MockContext } from './context.js';
import { gatewayError, onpremMeta } from './error-bodies.js';
import { json } from './http-io.js';
import type { Reply } from './http-io.js';
import { digitsOf } from './ids.js';
import type { KeyConfig } from './schemas.js';
import { invalidParam, missingParam } from './send-validation.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Host part of a URL as written (WHATWG `URL` would drop a default port like `:443`). */
function rawHost(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(url)?.[1] ?? '';
}

function parseWebhookBody(body: unknown): { url: string; headers: Record<string, string> } | string {
  if (!isObject(body) || typeof body.url !== 'string') return 'url is required';
  let parsed: URL;
  try {
    parsed = new URL(body.url);
  } catch {
    return 'url is not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'url must be http(s)';
  const headers = body.headers ?? {};
  if (!isObject(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
    return 'headers must be an object of strings';
  }
  return { url: body.url, headers: headers as Record<string, string> };
}

/** `POST /v1/configs/webhook`: store `{url, headers}` for the key and echo it (§6). */
export function setWebhook(ctx: MockContext, key: KeyConfig, body: unknown): Reply {
  const parsed = parseWebhookBody(body);
  if (typeof parsed === 'string') return json(400, gatewayError(400, parsed));
  const host = rawHost(parsed.url);
  // Cloud webhook hosts may not contain `_` or an explicit port (§6); opt-in, local receivers have ports.
  if (key.flavour === 'cloud' && ctx.state.config.strictCloudWebhookUrl && /_|:\d+$/.test(host)) {
    return json(400, gatewayError(400, `Invalid webhook url: host "${host}" must not contain "_" or a port`));
  }
  ctx.state.webhooks.set(key.key, parsed);
  return json(200, parsed);
}

/** `GET /v1/configs/webhook`: the stored config, or 404 (what integrators read as "not set yet"). */
export function getWebhook(ctx: MockContext, key: KeyConfig): Reply {
  const webhook = ctx.state.webhooks.get(key.key);
  return webhook === undefined ? json(404, gatewayError(404, 'Webhook URL is not set')) : json(200, webhook);
}

/** `GET /v1/configs/templates` in the paged `waba_templates` shape (§1). */
export function listTemplates(ctx: MockContext, query: URLSearchParams): Reply {
  const limit = Math.max(1, Number(query.get('limit') ?? 1000) || 1000);
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const all = ctx.state.templates;
  const page = all.slice(offset, offset + limit);
  return json(200, { count: page.length, total: all.length, limit, offset, waba_templates: page });
}

/**
 * `POST /v1/contacts` (on-prem only): `valid` + `wa_id` unless the number is scripted
 * `no_account`; `contactsAlwaysValid` emulates v2.43+, where every number is `valid` (§4).
 */
export function checkContacts(ctx: MockContext, body: unknown): Reply {
  if (!isObject(body) || body.contacts === undefined) return missingParam('onprem', 'contacts').reply;
  const { contacts } = body;
  if (!Array.isArray(contacts) || contacts.some((c) => typeof c !== 'string')) {
    return invalidParam('onprem', 'contacts must be an array of phone numbers').reply;
  }
  const results = (contacts as string[]).map((input) => {
    const scenario = ctx.state.scenarioFor(digitsOf(input));
    if (scenario.scenario === 'no_account' && !ctx.state.config.contactsAlwaysValid) {
      return { input, status: 'invalid' };
    }
    return { input, status: 'valid', wa_id: scenario.waIdOverride ?? digitsOf(input) };
  });
  return json(200, { contacts: results, meta: onpremMeta() });
}
