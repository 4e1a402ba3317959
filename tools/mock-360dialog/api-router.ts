import { checkContacts, getWebhook, listTemplates, setWebhook } from './config-handlers.js';
import type { MockContext } from './context.js';
import { gatewayError, invalidApiKey } from './error-bodies.js';
import { faultReply, takeFault } from './faults.js';
import type { FaultContext } from './faults.js';
import { json } from './http-io.js';
import type { Reply } from './http-io.js';
import { digitsOf } from './ids.js';
import type { FaultSpec, Flavour, KeyConfig } from './schemas.js';
import { handleMarkRead, handleSend, isCloudMarkRead } from './send-handler.js';

/** The parts of an API request the handlers look at. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** `D360-API-KEY` (node lowercases header names, so any spelling matches). */
  key: string | null;
  body: unknown;
}

type Handler = (ctx: MockContext, key: KeyConfig, req: ApiRequest) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  /** Set when only one flavour serves the path; the other gets 404 (§3.3, wrong `v1/` prefix). */
  flavour?: Flavour;
  handler: Handler;
}

const ROUTES: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/messages$/,
    flavour: 'onprem',
    handler: (c, k, r) => handleSend(c, k, r.body),
  },
  {
    method: 'POST',
    pattern: /^\/messages$/,
    flavour: 'cloud',
    handler: (c, k, r) => (isCloudMarkRead(r.body) ? handleMarkRead(k, r.body) : handleSend(c, k, r.body)),
  },
  {
    method: 'PUT',
    pattern: /^\/v1\/messages\/[^/]+$/,
    flavour: 'onprem',
    handler: (_c, k, r) => handleMarkRead(k, r.body),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/contacts$/,
    flavour: 'onprem',
    handler: (c, _k, r) => checkContacts(c, r.body),
  },
  { method: 'POST', pattern: /^\/v1\/configs\/webhook$/, handler: (c, k, r) => setWebhook(c, k, r.body) },
  { method: 'GET', pattern: /^\/v1\/configs\/webhook$/, handler: (c, k) => getWebhook(c, k) },
  { method: 'GET', pattern: /^\/v1\/configs\/templates$/, handler: (c, _k, r) => listTemplates(c, r.query) },
];

function faultContext(req: ApiRequest): FaultContext {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const template = body.template as Record<string, unknown> | undefined;
  return {
    path: req.path,
    key: req.key,
    recipient: typeof body.to === 'string' ? digitsOf(body.to) : null,
    template: typeof template?.name === 'string' ? template.name : null,
  };
}

function notFound(req: ApiRequest, flavour: Flavour): Reply {
  const hint =
    flavour === 'cloud' ? 'Cloud API numbers use paths without /v1' : 'On-Premise numbers use /v1 paths';
  return json(404, gatewayError(404, `Not found: ${req.method} ${req.path} (${hint})`));
}

/**
 * Answers one API request: injected faults first (they model layers in front of the key check),
 * then the key check, then the route for the key's flavour.
 */
export async function handleApi(
  ctx: MockContext,
  req: ApiRequest,
): Promise<{ reply: Reply; fault: FaultSpec | null }> {
  const key = req.key === null ? undefined : ctx.state.keys.get(req.key);
  const fault = takeFault(ctx.state, faultContext(req));
  if (fault !== null) {
    const reply = faultReply(fault, key?.flavour ?? 'cloud', req.path);
    if (reply !== null) return { reply, fault };
    if (fault.type === 'slow') await ctx.state.timers.sleep(fault.delayMs);
  }
  if (key === undefined) {
    const { status, body } = invalidApiKey();
    return { reply: json(status, body), fault };
  }
  const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(req.path));
  if (route === undefined || (route.flavour !== undefined && route.flavour !== key.flavour)) {
    return { reply: notFound(req, key.flavour), fault };
  }
  return { reply: await route.handler(ctx, key, req), fault };
}
