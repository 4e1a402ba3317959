import { z } from 'zod';
import type { MockContext } from './context.js';
import { json } from './http-io.js';
import type { Reply } from './http-io.js';
import { digitsOf } from './ids.js';
import { simulateInbound } from './inbound.js';
import type { Journal } from './journal.js';
import {
  configPatchSchema,
  faultSchema,
  inboundSchema,
  keySchema,
  scenarioSchema,
  templatesSchema,
} from './schemas.js';
import { maxInWindow } from './send-limits.js';
import type { DeliveryRecord, RecordedRequest } from './types.js';

type ControlHandler = (
  ctx: MockContext,
  body: unknown,
  query: Record<string, string>,
) => Reply | Promise<Reply>;

/** Validates with zod; failures become one readable 400 shape for every control endpoint. */
function parse<T>(schema: z.ZodType<T>, value: unknown): { ok: true; data: T } | { ok: false; reply: Reply } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const body = {
    error: 'invalid control request',
    details: z.prettifyError(result.error),
    issues: result.error.issues,
  };
  return { ok: false, reply: json(400, body) };
}

const waitFields = {
  wait: z.coerce.number().int().min(1).optional(),
  timeoutMs: z.coerce.number().int().min(1).max(120_000).default(5_000),
};

const requestQuery = z.strictObject({
  method: z.string().optional(),
  path: z.string().optional(),
  key: z.string().optional(),
  recipient: z.string().optional(),
  ...waitFields,
});

const deliveryQuery = z.strictObject({
  kind: z.enum(['status', 'inbound']).optional(),
  ok: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  key: z.string().optional(),
  messageId: z.string().optional(),
  recipient: z.string().optional(),
  ...waitFields,
});

function recipientOf(request: RecordedRequest): string | null {
  const body = request.body as { to?: unknown } | null;
  return typeof body?.to === 'string' ? digitsOf(body.to) : null;
}

/** Lists (or long-polls for `wait` items of) a journal, answering `{items, timedOut}`. */
async function listOrWait<T>(
  journal: Journal<T>,
  predicate: (item: T) => boolean,
  wait: number | undefined,
  timeoutMs: number,
): Promise<Reply> {
  if (wait === undefined) return json(200, { items: journal.list(predicate), timedOut: false });
  return json(200, await journal.waitFor(predicate, wait, timeoutMs));
}

const requests: ControlHandler = (ctx, _body, query) => {
  const q = parse(requestQuery, query);
  if (!q.ok) return q.reply;
  const { method, path, key, recipient, wait, timeoutMs } = q.data;
  const wanted = recipient === undefined ? undefined : digitsOf(recipient);
  const predicate = (r: RecordedRequest): boolean =>
    (method === undefined || r.method === method.toUpperCase()) &&
    (path === undefined || r.path === path) &&
    (key === undefined || r.key === key) &&
    (wanted === undefined || recipientOf(r) === wanted);
  return listOrWait(ctx.state.requests, predicate, wait, timeoutMs);
};

const deliveries: ControlHandler = (ctx, _body, query) => {
  const q = parse(deliveryQuery, query);
  if (!q.ok) return q.reply;
  const { kind, ok, key, messageId, recipient, wait, timeoutMs } = q.data;
  const wanted = recipient === undefined ? undefined : digitsOf(recipient);
  const predicate = (d: DeliveryRecord): boolean =>
    (kind === undefined || d.kind === kind) &&
    (ok === undefined || d.ok === ok) &&
    (key === undefined || d.key === key) &&
    (messageId === undefined || d.messageId === messageId) &&
    (wanted === undefined || d.recipient === wanted);
  return listOrWait(ctx.state.deliveries, predicate, wait, timeoutMs);
};

const sendRateQuery = z.strictObject({
  key: z.string().optional(),
  windowMs: z.coerce.number().int().min(1).max(60_000).default(1_000),
});

/** Template sends (not mark-read) the mock received: what a rate limit is measured on. */
function isSend(r: RecordedRequest): boolean {
  const markRead = (r.body as { status?: unknown } | null)?.status === 'read';
  return r.method === 'POST' && (r.path === '/messages' || r.path === '/v1/messages') && !markRead;
}

/** Send attempts, what became of them, and the most that arrived in any window (default 1 s). */
const sendRate: ControlHandler = (ctx, _body, query) => {
  const q = parse(sendRateQuery, query);
  if (!q.ok) return q.reply;
  const { key, windowMs } = q.data;
  const sends = ctx.state.requests.list((r) => isSend(r) && (key === undefined || r.key === key));
  const times = sends.map((r) => Date.parse(r.receivedAt));
  const status = (s: number | null) => sends.filter((r) => r.responseStatus === s).length;
  return json(200, {
    attempts: sends.length,
    accepted: sends.filter((r) => r.responseStatus !== null && r.responseStatus < 300).length,
    rateLimited: status(429),
    maxInWindow: maxInWindow(times, windowMs),
    windowMs,
    firstAt: sends[0]?.receivedAt ?? null,
    lastAt: sends.at(-1)?.receivedAt ?? null,
  });
};

const HANDLERS: Record<string, ControlHandler> = {
  'POST /__mock/reset': (ctx) => {
    ctx.state.reset();
    return json(200, { ok: true });
  },
  'POST /__mock/keys': (ctx, body) => {
    const input = parse(keySchema, body);
    if (!input.ok) return input.reply;
    ctx.state.keys.set(input.data.key, input.data);
    return json(201, input.data);
  },
  'GET /__mock/keys': (ctx) => json(200, [...ctx.state.keys.values()]),
  'GET /__mock/webhooks': (ctx) => json(200, Object.fromEntries(ctx.state.webhooks)),
  'GET /__mock/templates': (ctx) => json(200, ctx.state.templates),
  'PUT /__mock/templates': (ctx, body) => {
    const input = parse(templatesSchema, body);
    if (!input.ok) return input.reply;
    ctx.state.templates = input.data;
    return json(200, input.data);
  },
  'GET /__mock/config': (ctx) => json(200, ctx.state.config),
  'PUT /__mock/config': (ctx, body) => {
    const input = parse(configPatchSchema, body);
    return input.ok ? json(200, ctx.state.patchConfig(input.data)) : input.reply;
  },
  'POST /__mock/scenarios': (ctx, body) => {
    const input = parse(scenarioSchema, body);
    if (!input.ok) return input.reply;
    ctx.state.scenarios.set(input.data.recipient, input.data);
    return json(201, input.data);
  },
  'GET /__mock/scenarios': (ctx) => json(200, [...ctx.state.scenarios.values()]),
  'POST /__mock/faults': (ctx, body) => {
    const input = parse(faultSchema, body);
    return input.ok ? json(201, ctx.state.addFault(input.data)) : input.reply;
  },
  'GET /__mock/faults': (ctx) => json(200, ctx.state.faults),
  'DELETE /__mock/faults': (ctx) => {
    ctx.state.faults = [];
    return json(200, { ok: true });
  },
  'POST /__mock/inbound': (ctx, body) => {
    const input = parse(inboundSchema, body);
    return input.ok ? simulateInbound(ctx, input.data) : input.reply;
  },
  'GET /__mock/requests': requests,
  'GET /__mock/deliveries': deliveries,
  'GET /__mock/send-rate': sendRate,
  'GET /__mock/messages': (ctx) => json(200, [...ctx.state.messages.values()]),
};

/** Dispatches `/__mock/*`: no API key, JSON in and out, 400 with zod's explanation on bad input. */
export async function handleControl(
  ctx: MockContext,
  method: string,
  url: URL,
  parsed: { body: unknown; isJson: boolean },
): Promise<Reply> {
  const handler = HANDLERS[`${method} ${url.pathname}`];
  if (handler === undefined)
    return json(404, { error: `unknown control endpoint ${method} ${url.pathname}` });
  if (!parsed.isJson)
    return json(400, { error: 'invalid control request', details: 'body is not valid JSON' });
  return handler(ctx, parsed.body, Object.fromEntries(url.searchParams.entries()));
}
