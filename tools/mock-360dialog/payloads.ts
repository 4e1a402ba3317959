import { createHash } from 'node:crypto';
import { GRAPH_API_VERSION } from './defaults.js';
import { META_ERROR_HREF, onpremMeta } from './error-bodies.js';
import type { FailureCode } from './error-bodies.js';
import { json } from './http-io.js';
import type { JsonReply } from './http-io.js';
import { randomHex, unixSeconds } from './ids.js';
import type { Flavour, MockConfig } from './schemas.js';
import type { SentMessage } from './types.js';

/** Status values a status webhook can carry (§5.1). */
export type StatusValue = 'sent' | 'delivered' | 'read' | 'failed' | 'deleted';

/** Business identity a Cloud envelope names (`entry[].id`, `metadata`). */
export type BusinessIdentity = Pick<MockConfig, 'businessNumber' | 'phoneNumberId' | 'wabaId'>;

/** Success body of a send (§3.1); Cloud adds `messaging_product`, on-prem the `meta` block. */
export function sendSuccessBody(flavour: Flavour, message: SentMessage): unknown {
  const contacts = [{ input: message.input, wa_id: message.waId }];
  const messages = [{ id: message.id }];
  return flavour === 'cloud'
    ? { messaging_product: 'whatsapp', contacts, messages }
    : { contacts, messages, meta: onpremMeta() };
}

/** Options of one status object. */
export interface StatusOptions {
  failure?: FailureCode;
  /** Newer on-prem puts the recipient only under `message.recipient_id` (§5.1). */
  recipientIdUnderMessage?: boolean;
}

/** One `statuses[]` element in the flavour's layout. */
export function statusObject(
  message: SentMessage,
  status: StatusValue,
  options: StatusOptions = {},
): unknown {
  const cloud = message.flavour === 'cloud';
  const timestamp = unixSeconds();
  const conversationId = createHash('sha1').update(message.id).digest('hex').slice(0, 32);
  const withPricing = status === 'sent' || status === 'delivered';
  const origin = { type: message.category };
  const recipient =
    !cloud && options.recipientIdUnderMessage === true
      ? { message: { recipient_id: message.waId } }
      : { recipient_id: message.waId };
  return {
    id: message.id,
    status,
    timestamp,
    ...recipient,
    ...(cloud ? {} : { type: 'message' }),
    ...(cloud && message.bizOpaqueCallbackData !== null
      ? { biz_opaque_callback_data: message.bizOpaqueCallbackData }
      : {}),
    ...(withPricing
      ? {
          conversation: cloud
            ? { id: conversationId, expiration_timestamp: String(Number(timestamp) + 86_400), origin }
            : { id: conversationId, origin },
          pricing: { billable: true, pricing_model: 'CBP', category: message.category },
        }
      : {}),
    ...(options.failure === undefined ? {} : { errors: [failureObject(message.flavour, options.failure)] }),
  };
}

/** Cloud v16+ error objects add `message`, `error_data.details` and `href`; on-prem has code + title. */
export function failureObject(flavour: Flavour, failure: FailureCode): unknown {
  if (flavour === 'onprem') return { code: failure.onprem.code, title: failure.onprem.title };
  const { code, title, details } = failure.cloud;
  return { code, title, message: title, error_data: { details }, href: META_ERROR_HREF };
}

/** Meta's webhook envelope that 360dialog forwards unchanged for Cloud numbers (§5.2). */
export function cloudEnvelope(identity: BusinessIdentity, value: Record<string, unknown>): unknown {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: identity.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: identity.businessNumber,
                phone_number_id: identity.phoneNumberId,
              },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** A webhook body: on-prem puts the arrays top-level (§5.1), Cloud inside the envelope's `value`. */
export function webhookBody(
  flavour: Flavour,
  identity: BusinessIdentity,
  content: Record<string, unknown>,
): unknown {
  return flavour === 'onprem' ? content : cloudEnvelope(identity, content);
}

/**
 * A JSON answer in the flavour's manner: Cloud answers come from Meta through 360dialog's proxy
 * and carry Graph headers and `charset=UTF-8` (recorded traffic, §1 and §3.1).
 */
export function flavourJson(flavour: Flavour, status: number, body: unknown): JsonReply {
  if (flavour === 'onprem') return json(status, body);
  return json(status, body, {
    'content-type': 'application/json; charset=UTF-8',
    'facebook-api-version': GRAPH_API_VERSION,
    'x-fb-trace-id': randomHex(8),
  });
}
