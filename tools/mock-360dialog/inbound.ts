import type { MockContext } from './context.js';
import { META_ERROR_HREF } from './error-bodies.js';
import { json } from './http-io.js';
import type { Reply } from './http-io.js';
import { newCloudMessageId, newOnpremMessageId, unixSeconds } from './ids.js';
import { webhookBody } from './payloads.js';
import type { Flavour, InboundEvent, KeyConfig } from './schemas.js';

type ReplyEvent = Extract<InboundEvent, { type: 'button' | 'button_reply' | 'list_reply' }>;

/** The user-side message object of an inbound event (§5.1 / §5.2 `messages[]`). */
function messageObject(
  event: Exclude<InboundEvent, { type: 'errors' }>,
  id: string,
  context: unknown,
): unknown {
  const common = { from: event.from, id, timestamp: unixSeconds() };
  switch (event.type) {
    case 'text':
      return { ...common, type: 'text', text: { body: event.text } };
    case 'button':
      // Template quick-reply taps arrive as `button`, not `interactive` (§8.3); payload defaults to the label.
      return {
        context,
        ...common,
        type: 'button',
        button: { payload: event.payload ?? event.text, text: event.text },
      };
    case 'button_reply':
      return {
        context,
        ...common,
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: event.id, title: event.title } },
      };
    case 'list_reply': {
      const listReply = {
        id: event.id,
        title: event.title,
        ...(event.description ? { description: event.description } : {}),
      };
      return {
        context,
        ...common,
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: listReply },
      };
    }
  }
}

function errorsContent(
  flavour: Flavour,
  event: Extract<InboundEvent, { type: 'errors' }>,
): Record<string, unknown> {
  if (flavour === 'onprem') {
    const error = { code: event.code ?? 1014, title: event.title ?? 'Internal error' };
    return { errors: [{ ...error, ...(event.details === undefined ? {} : { details: event.details }) }] };
  }
  const title = event.title ?? 'Something went wrong';
  const details = event.details ?? 'Message failed to send because of an unknown error.';
  return {
    errors: [
      { code: event.code ?? 131000, title, message: title, error_data: { details }, href: META_ERROR_HREF },
    ],
  };
}

function replyContext(
  ctx: MockContext,
  key: KeyConfig,
  event: ReplyEvent,
): { from: string; id: string } | string {
  const id = event.contextMessageId ?? ctx.state.lastMessageTo(key.key, event.from)?.id;
  if (id === undefined)
    return `no message was sent to ${event.from} with key ${key.key}; pass contextMessageId`;
  return { from: ctx.state.config.businessNumber, id };
}

/**
 * `POST /__mock/inbound`: builds the webhook a user action would cause and delivers it to the
 * key's webhook in the key's flavour. Answers 202 with the payload before delivery finishes.
 */
export function simulateInbound(ctx: MockContext, event: InboundEvent): Reply {
  const key = ctx.state.keys.get(event.key);
  if (key === undefined) return json(404, { error: `unknown API key ${event.key}` });
  if (!ctx.state.webhooks.has(key.key))
    return json(409, { error: `no webhook configured for key ${key.key}` });
  let content: Record<string, unknown>;
  let messageId: string | null = null;
  if (event.type === 'errors') {
    content = errorsContent(key.flavour, event);
  } else {
    const context = event.type === 'text' ? null : replyContext(ctx, key, event);
    if (typeof context === 'string') return json(400, { error: context });
    messageId = key.flavour === 'cloud' ? newCloudMessageId(event.from) : newOnpremMessageId();
    const name = event.type === 'text' ? (event.profileName ?? 'Test User') : 'Test User';
    content = {
      contacts: [{ profile: { name }, wa_id: event.from }],
      messages: [messageObject(event, messageId, context)],
    };
  }
  const body = webhookBody(key.flavour, ctx.state.config, content);
  const recipient = event.type === 'errors' ? {} : { recipient: event.from };
  void ctx.deliverer.deliver({
    kind: 'inbound',
    key: key.key,
    body,
    ...recipient,
    ...(messageId ? { messageId } : {}),
  });
  return json(202, { messageId, body });
}
