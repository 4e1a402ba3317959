// FROZEN: the previous version, kept so running executions complete. Do not edit.
/**
 * Channel events as the workflows see them: statuses of sent messages and messages from the
 * recipient, normalised from both 360dialog payload flavours by the callback endpoint.
 */

/** A status callback for one message (On-Premise `statuses[]` or Cloud `value.statuses[]`). */
export interface StatusEvent {
  kind: 'status';
  messageId: string;
  /** `recipient_id` as the channel reported it; may differ from the digits the task sent to. */
  recipientId: string;
  /** `sent`, `delivered`, `read`, `failed`, `deleted`, `warning`, … (kept open: channels add values). */
  status: string;
  /** Error codes of a `failed` status (`errors[].code`). */
  errorCodes: number[];
  /** The callback body narrowed to this event: what SPEC calls `channel_response`. */
  body: unknown;
}

/** A message from the recipient (text, button reply, …). */
export interface InboundEvent {
  kind: 'inbound';
  messageId: string;
  from: string;
  /** `context.id`: the message the recipient replied to (template button replies carry it). */
  contextMessageId?: string;
  body: unknown;
}

export type ChannelEvent = StatusEvent | InboundEvent;

/**
 * The "no account" codes of SPEC section 4: Cloud 131026 (message undeliverable: no WhatsApp account),
 * On-Premise 1013 (user is not valid) and 1026 (receiver incapable).
 */
export const NO_ACCOUNT_ERROR_CODES: readonly number[] = [131026, 1013, 1026];

export type EventVerdict = 'success' | 'fail' | 'no_account' | 'ignore';

/** SPEC section 4, step 2: which branch a channel event decides, or `ignore` when it decides nothing. */
export function judgeEvent(event: ChannelEvent): EventVerdict {
  if (event.kind === 'inbound') return 'success';
  switch (event.status) {
    case 'sent':
    case 'delivered':
    case 'read':
      return 'success';
    case 'failed':
      return event.errorCodes.some((code) => NO_ACCOUNT_ERROR_CODES.includes(code)) ? 'no_account' : 'fail';
    default:
      // `deleted` (the user deleted a message), `warning` (catalog issue): not about delivery.
      return 'ignore';
  }
}
