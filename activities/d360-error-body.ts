/**
 * 360dialog error bodies come in five shapes depending on which layer answered
 * (reference/360dialog.md §3.2); one parser tries them in order so logs and retry decisions see
 * a code and a message whatever the layer.
 */

export interface ChannelError {
  /** Meta / On-Premise error code (e.g. 132000, 2000, 131026) when the layer gives one. */
  code?: number;
  message: string;
  layer: 'meta' | 'on-premise' | '360dialog' | 'plain' | 'marketing-messages';
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

function metaError(error: Json, layer: ChannelError['layer']): ChannelError {
  const details = isObject(error.error_data) ? str(error.error_data.details) : undefined;
  const code = num(error.code);
  return {
    ...(code !== undefined ? { code } : {}),
    message: details ?? str(error.message) ?? str(error.title) ?? 'unknown error',
    layer,
  };
}

/** The channel's error in one shape, or `undefined` when the body is none of the known shapes. */
export function parseChannelError(body: unknown): ChannelError | undefined {
  if (typeof body === 'string')
    return body.trim() ? { message: body.trim().slice(0, 500), layer: 'plain' } : undefined;
  if (!isObject(body)) return undefined;
  // 1. Meta Graph (Cloud): { error: { code, message, error_data: { details } } }
  if (isObject(body.error)) return metaError(body.error, 'meta');
  // 2. On-Premise client: { errors: [{ code, title, details }] }
  if (Array.isArray(body.errors) && isObject(body.errors[0])) {
    const first = body.errors[0];
    const code = num(first.code);
    const message = str(first.details) ?? str(first.title) ?? 'unknown error';
    return { ...(code !== undefined ? { code } : {}), message, layer: 'on-premise' };
  }
  // 3. 360dialog gateway: { meta: { success: false, http_code | httpCode, developer_message | developerMessage } }
  if (isObject(body.meta) && body.meta.success === false) {
    const message = str(body.meta.developer_message) ?? str(body.meta.developerMessage) ?? 'unknown error';
    return { message, layer: '360dialog' };
  }
  // 4. Newer 360dialog endpoints: { error: "…" }
  if (typeof body.error === 'string') return { message: body.error, layer: 'plain' };
  // 5. Marketing-Messages API: { detail: { error: { … } } }
  if (isObject(body.detail) && isObject(body.detail.error))
    return metaError(body.detail.error, 'marketing-messages');
  return undefined;
}

/** 360dialog documents its own rate limit as HTTP 400 with this text, not as a 429. */
export function isGatewayRateLimit(status: number, error: ChannelError | undefined): boolean {
  return status === 400 && error !== undefined && /exceeded the endpoint rate limit/i.test(error.message);
}

/**
 * Which rate limit an answer reports, if any (reference/360dialog.md §3.3, §3.4, §7):
 * - `channel`: the number's throughput (HTTP 429, Meta 130429, On-Premise 1015, 360dialog's own
 *   endpoint limit as a 400). Nothing was accepted; the whole channel must slow down.
 * - `pair`: Meta 131056, too many messages to this one recipient. Only that recipient waits.
 * - `spam`: Meta 131048 / On-Premise 471, the spam rate limit. Retrying makes it worse: not retried.
 */
export type RateLimitKind = 'channel' | 'pair' | 'spam';

export function rateLimitKind(status: number, error: ChannelError | undefined): RateLimitKind | undefined {
  const code = error?.code;
  if (code === 131048 || (code === 471 && error?.layer === 'on-premise')) return 'spam';
  if (code === 131056) return 'pair';
  if (status === 429 || code === 130429 || isGatewayRateLimit(status, error)) return 'channel';
  return undefined;
}
