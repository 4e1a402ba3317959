import { STATUS_CODES } from 'node:http';
import { ONPREM_API_VERSION } from './defaults.js';
import { randomHex } from './ids.js';
import type { CannedFault, ErrorShape, Flavour } from './schemas.js';

/** An HTTP error answer: status plus JSON body. */
export interface ErrorReply {
  status: number;
  body: unknown;
}

/** Meta's error-code page; Cloud v16+ error objects link to it. */
export const META_ERROR_HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

/** `meta` block every on-prem answer carries (§3.1). */
export const onpremMeta = () => ({ api_status: 'stable', version: ONPREM_API_VERSION });

/** Shape 1 of §3.2: Meta Graph error, passed through by 360dialog's Cloud proxy. */
export function graphError(code: number, title: string, details?: string) {
  return {
    error: {
      message: `(#${code}) ${title}`,
      type: 'OAuthException',
      code,
      ...(details === undefined ? {} : { error_data: { messaging_product: 'whatsapp', details } }),
      fbtrace_id: `A${randomHex(10)}`,
    },
  };
}

/** Shape 2 of §3.2: the On-Premise client container's `errors[]`. */
export function onpremErrors(code: number, title: string, details?: string) {
  return { errors: [{ code, title, ...(details === undefined ? {} : { details }) }], meta: onpremMeta() };
}

/** Shape 3 of §3.2: 360dialog's gateway `meta` error, in the snake_case or the older camelCase spelling. */
export function gatewayError(status: number, message: string, camel = false) {
  return camel
    ? { meta: { success: false, httpCode: status, developerMessage: message } }
    : { meta: { success: false, http_code: status, developer_message: message } };
}

/** The one 401 body 360dialog sends for a missing or unknown `D360-API-KEY` (§1). */
export const invalidApiKey = (): ErrorReply => ({ status: 401, body: gatewayError(401, 'Invalid api_key') });

/** Builds any of the §3.2 shapes for an injected `http` fault. */
export function shapedError(shape: ErrorShape, status: number, code?: number, message?: string): unknown {
  const text = message ?? STATUS_CODES[status] ?? 'Error';
  switch (shape) {
    case 'graph':
      return graphError(code ?? 131000, message ?? 'Something went wrong', text);
    case 'onprem':
      return onpremErrors(code ?? 1014, message ?? 'Internal error', text);
    case 'gateway':
      return gatewayError(status, text);
    case 'gatewayCamel':
      return gatewayError(status, text, true);
    case 'errorString':
      return { error: text };
    case 'detail':
      return { detail: graphError(code ?? 131000, message ?? 'Something went wrong', text) };
  }
}

/** The failure modes §3.3 lists, each in the body the real layer would produce. */
export function cannedError(name: CannedFault, flavour: Flavour, path: string): ErrorReply {
  const cloud = flavour === 'cloud';
  switch (name) {
    case 'rate_limit':
      return throughputError(flavour);
    case 'endpoint_rate_limit':
      // 360dialog's own rate limit is a 400 with a text message, not a 429 (§8.6).
      return { status: 400, body: gatewayError(400, 'You have exceeded the endpoint rate limit') };
    case 'internal_error':
      return { status: 500, body: gatewayError(500, 'Internal server error') };
    case 'api_unavailable':
      return { status: 502, body: gatewayError(502, 'WhatsApp for Business API not available') };
    case 'service_unavailable':
      return cloud
        ? {
            status: 503,
            body: graphError(131016, 'Service unavailable', 'A service is temporarily unavailable.'),
          }
        : { status: 503, body: onpremErrors(1011, 'Service not ready') };
    case 'blocked_endpoint':
      return { status: 403, body: gatewayError(403, `This URL ${path} is blocked`, true) };
    case 'lack_of_payment':
      return { status: 400, body: gatewayError(400, 'Could not send message due to lack of payment') };
    case 'pair_rate_limit':
      return pairRateLimitError(flavour);
    case 'spam_rate_limit':
      return cloud
        ? { status: 400, body: graphError(131048, 'Spam rate limit hit', SPAM_DETAILS) }
        : { status: 400, body: onpremErrors(471, 'Spam rate limit hit') };
  }
}

const SPAM_DETAILS =
  'Message failed to send because there are restrictions on how many messages can be sent from this phone number. ' +
  'This may be because too many previous messages were blocked or flagged as spam.';

/** The number's throughput is used up (§7): Meta 130429 on Cloud, the client's 1015 on-prem. */
export function throughputError(flavour: Flavour): ErrorReply {
  return flavour === 'cloud'
    ? {
        status: 429,
        body: graphError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.'),
      }
    : { status: 429, body: onpremErrors(1015, 'Too many requests') };
}

/** Too many messages to one recipient in a short time (§7): Meta 131056 on both flavours. */
export function pairRateLimitError(flavour: Flavour): ErrorReply {
  const title = '(Business Account, Consumer Account) pair rate limit hit';
  const details =
    'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.';
  return flavour === 'cloud'
    ? { status: 429, body: graphError(131056, title, details) }
    : { status: 429, body: onpremErrors(131056, title, details) };
}

/** A failure as both flavours report it, in a status webhook or a synchronous error. */
export interface FailureCode {
  cloud: { code: number; title: string; details: string };
  onprem: { code: number; title: string };
}

/** Failure codes of the failing scenarios (§3.4); on-prem has no own code for 131049/131053. */
export const FAILURES = {
  no_account: {
    cloud: { code: 131026, title: 'Message undeliverable', details: 'Message Undeliverable.' },
    onprem: { code: 1013, title: 'User is not valid' },
  },
  reengagement: {
    cloud: {
      code: 131047,
      title: 'Re-engagement message',
      details:
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    },
    onprem: {
      code: 470,
      title:
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number',
    },
  },
  not_delivered: {
    cloud: {
      code: 131049,
      title: 'This message was not delivered to maintain healthy ecosystem engagement.',
      details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
    },
    onprem: {
      code: 131049,
      title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    },
  },
  media_fail: {
    cloud: {
      code: 131053,
      title: 'Media upload error',
      details: 'Unable to download the media from the header link.',
    },
    onprem: { code: 131053, title: 'Media upload error' },
  },
} satisfies Record<string, FailureCode>;
