/**
 * 360dialog callback bodies → channel events grouped by recipient (SPEC section 5). Both flavours:
 * On-Premise puts `statuses` / `messages` + `contacts` at the top level; Cloud wraps them in Meta's
 * envelope `entry[].changes[].value`. Each event keeps the callback body narrowed to itself, so a
 * task's `channel_response` never carries other recipients' data from a bundled POST.
 */
import type { ChannelEvent } from '../../workflows/channel-events.js';
import { recipientDigits } from '../../workflows/ids.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export interface ParsedCallback {
  /** Events per recipient digits, in the order the body listed them. */
  byRecipient: Map<string, ChannelEvent[]>;
  /** Entries that could not be routed (no id or no recipient); logged, not fatal. */
  skipped: number;
}

/** One block of statuses/messages and how to re-wrap a single item in the original shape. */
interface Block {
  value: Json;
  wrap: (narrowed: Json) => unknown;
}

export function parseCallback(body: Json): ParsedCallback {
  const parsed: ParsedCallback = { byRecipient: new Map(), skipped: 0 };
  for (const block of blocks(body)) {
    for (const status of objects(block.value.statuses)) addStatus(parsed, block, status);
    for (const message of objects(block.value.messages)) addMessage(parsed, block, message);
  }
  return parsed;
}

function blocks(body: Json): Block[] {
  if (!Array.isArray(body.entry)) return [{ value: body, wrap: (narrowed) => narrowed }];
  return objects(body.entry).flatMap((entry) =>
    objects(entry.changes)
      .filter((change) => isObject(change.value))
      .map((change) => {
        const value = change.value as Json;
        const { statuses: _s, messages: _m, contacts: _c, errors: _e, ...rest } = value;
        const wrap = (narrowed: Json) => ({
          object: body.object,
          entry: [{ id: entry.id, changes: [{ field: change.field, value: { ...rest, ...narrowed } }] }],
        });
        return { value, wrap };
      }),
  );
}

function addStatus(parsed: ParsedCallback, block: Block, status: Json): void {
  const messageId = str(status.id);
  // Newer On-Premise versions moved recipient_id under `message` (deprecated at the top in v2.45).
  const nested = isObject(status.message) ? str(status.message.recipient_id) : undefined;
  const recipient = str(status.recipient_id) ?? nested;
  if (messageId === undefined || recipient === undefined) {
    parsed.skipped++;
    return;
  }
  const errorCodes = objects(status.errors)
    .map((e) => e.code)
    .filter((code): code is number => typeof code === 'number');
  push(parsed, recipient, {
    kind: 'status',
    messageId,
    recipientId: recipient,
    status: str(status.status) ?? 'unknown',
    errorCodes,
    body: block.wrap({ statuses: [status] }),
  });
}

function addMessage(parsed: ParsedCallback, block: Block, message: Json): void {
  const messageId = str(message.id);
  const from = str(message.from);
  if (messageId === undefined || from === undefined) {
    parsed.skipped++;
    return;
  }
  const contextMessageId = isObject(message.context) ? str(message.context.id) : undefined;
  const contacts = objects(block.value.contacts).filter((c) => c.wa_id === from);
  push(parsed, from, {
    kind: 'inbound',
    messageId,
    from,
    ...(contextMessageId !== undefined ? { contextMessageId } : {}),
    body: block.wrap({ ...(contacts.length > 0 ? { contacts } : {}), messages: [message] }),
  });
}

function push(parsed: ParsedCallback, recipient: string, event: ChannelEvent): void {
  const digits = recipientDigits(recipient);
  if (digits === '') {
    parsed.skipped++;
    return;
  }
  const list = parsed.byRecipient.get(digits) ?? [];
  list.push(event);
  parsed.byRecipient.set(digits, list);
}
