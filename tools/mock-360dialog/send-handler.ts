import type { MockContext } from './context.js';
import { FAILURES, graphError, onpremErrors, onpremMeta } from './error-bodies.js';
import type { Reply } from './http-io.js';
import { newCloudMessageId, newOnpremMessageId } from './ids.js';
import { flavourJson, sendSuccessBody } from './payloads.js';
import type { KeyConfig } from './schemas.js';
import { checkSend, invalidParam, missingParam } from './send-validation.js';
import type { AcceptedSend } from './send-validation.js';
import { statusRun } from './status-dispatch.js';
import type { SentMessage } from './types.js';

/**
 * `POST /messages` (Cloud) and `POST /v1/messages` (on-prem): validate, answer like the
 * flavour, then run the recipient's scripted status callbacks.
 */
export async function handleSend(ctx: MockContext, key: KeyConfig, body: unknown): Promise<Reply> {
  const { flavour } = key;
  const check = checkSend(ctx.state.templates, flavour, body);
  if (!check.ok) return check.reply;
  const scenario = ctx.state.scenarioFor(check.send.digits);
  if (scenario.scenario === 'no_account' && scenario.syncNoAccount === true) {
    // The synchronous variant of "recipient has no WhatsApp" (§5.3): HTTP 400, no callbacks.
    const { cloud, onprem } = FAILURES.no_account;
    const error =
      flavour === 'cloud'
        ? graphError(cloud.code, cloud.title, cloud.details)
        : onpremErrors(onprem.code, onprem.title);
    return flavourJson(flavour, 400, error);
  }
  const limited = ctx.state.limits.check(key, check.send.digits, Date.now());
  if (limited !== null) return limited;
  ctx.state.limits.accepted(key.key, check.send.digits, Date.now());
  const message = recordMessage(ctx, key, check.send, scenario.waIdOverride ?? check.send.digits);
  const status = flavour === 'cloud' ? 200 : key.onpremSuccessStatus;
  const reply = flavourJson(flavour, status, sendSuccessBody(flavour, message));
  const run = statusRun(ctx, message, scenario);
  if (run.early) {
    // Callbacks that beat the send response: the client learns of statuses before the message id.
    await run.deliverNow();
    return reply;
  }
  return { ...reply, after: () => run.start() };
}

function recordMessage(ctx: MockContext, key: KeyConfig, send: AcceptedSend, waId: string): SentMessage {
  const id = key.flavour === 'cloud' ? newCloudMessageId(waId) : newOnpremMessageId();
  const message: SentMessage = {
    id,
    key: key.key,
    flavour: key.flavour,
    input: send.input,
    waId,
    type: send.type,
    template: send.template === null ? null : { name: send.template.name, language: send.template.language },
    category: send.template?.category.toLowerCase() ?? 'service',
    bizOpaqueCallbackData: send.bizOpaqueCallbackData,
    sentAt: new Date().toISOString(),
  };
  ctx.state.messages.set(id, message);
  return message;
}

/** Cloud's `POST /messages` doubles as mark-read when the body has `status: "read"` (§1). */
export function isCloudMarkRead(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as Record<string, unknown>).status === 'read';
}

/** Mark an inbound message read: Cloud answers `{success:true}`, on-prem its `meta` block. */
export function handleMarkRead(key: KeyConfig, body: unknown): Reply {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (key.flavour === 'cloud') {
    if (fields.messaging_product !== 'whatsapp') return missingParam('cloud', 'messaging_product').reply;
    if (typeof fields.message_id !== 'string') return missingParam('cloud', 'message_id').reply;
    return flavourJson('cloud', 200, { success: true });
  }
  if (fields.status !== 'read') return invalidParam('onprem', 'status must be read').reply;
  return flavourJson('onprem', 200, { meta: onpremMeta() });
}
