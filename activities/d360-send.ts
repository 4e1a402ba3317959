/**
 * One template send to 360dialog, classified into SPEC section 4's step-1 rows. Quick retries happen
 * here, not in Temporal, because only here is it known whether the request left the machine: a
 * retry is made only when a duplicate message is impossible (the request was never sent: connection
 * refused, DNS) or the channel said "not now" without processing it (503). A timeout after the
 * request was sent is never retried: the message may have gone out, and a person receiving it twice
 * is worse than a failed task.
 *
 * Rate limits (429, 130429, 131056, the gateway's rate-limit 400) are not retried here: they come
 * back as `throttled`, and the workflow waits on a durable timer for as long as the limit lasts
 * (workflows/send-pacing.ts). Four quick retries cannot outlast a burst; an hour of timers can.
 */
import type { SendResult } from '../workflows/task-outcome.js';
import { withoutRedirects } from '../lib/http/no-redirect-fetch.js';
import { parseChannelError, rateLimitKind, type ChannelError } from './d360-error-body.js';

export interface SendPolicy {
  /** Per attempt; no answer by then = "channel inaccessible". 360dialog answers in well under a second. */
  timeoutMs: number;
  /** Attempts in all for the retryable cases above. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Meta sends no `Retry-After` with 130429; one second lets the number's per-second budget refill. */
export const DEFAULT_CHANNEL_PAUSE_MS = 1_000;
/** Meta's pair rate is about one message per 6 s to the same person (reference/360dialog.md §7). */
export const DEFAULT_PAIR_WAIT_MS = 6_000;

export const defaultSendPolicy: SendPolicy = {
  timeoutMs: 20_000,
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
};

export interface SendRequest {
  url: string;
  apiKey: string;
  payload: unknown;
  policy: SendPolicy;
  fetch: typeof fetch;
  /** Waits between attempts; the activity passes a cancellation-aware sleep that heartbeats. */
  sleep: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, why: string, delayMs: number) => void;
}

type Attempt =
  | { kind: 'answered'; status: number; body: unknown; retryAfterMs?: number }
  | { kind: 'not-sent'; reason: string }
  | { kind: 'lost'; reason: string };

/** Error codes of failures that happen before a single byte of the request was written. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export async function sendToChannel(request: SendRequest): Promise<SendResult> {
  const { policy } = request;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(request);
    const retryable = retryReason(outcome);
    if (retryable === undefined || attempt >= policy.maxAttempts) return toSendResult(outcome);
    const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
    const delay =
      outcome.kind === 'answered' && outcome.retryAfterMs !== undefined
        ? Math.min(outcome.retryAfterMs, policy.maxDelayMs)
        : backoff;
    request.onRetry?.(attempt, retryable, delay);
    await request.sleep(delay);
  }
}

function retryReason(outcome: Attempt): string | undefined {
  if (outcome.kind === 'not-sent') return outcome.reason;
  if (outcome.kind !== 'answered') return undefined;
  if (outcome.status === 503 && rateLimitKind(503, parseChannelError(outcome.body)) === undefined)
    return 'HTTP 503';
  return undefined;
}

function toSendResult(outcome: Attempt): SendResult {
  if (outcome.kind !== 'answered') return { kind: 'unreachable', reason: outcome.reason };
  if (outcome.status < 200 || outcome.status >= 300) return errorResult(outcome);
  const ids = messageIds(outcome.body);
  return { kind: 'accepted', httpStatus: outcome.status, body: outcome.body, ...ids };
}

/** A non-2xx answer: back-pressure (`throttled`) for rate limits, otherwise `rejected`. */
function errorResult(outcome: Extract<Attempt, { kind: 'answered' }>): SendResult {
  const { status, body } = outcome;
  const error = parseChannelError(body);
  const limit = rateLimitKind(status, error);
  if (limit === 'spam') {
    const detail = `spam rate limit (${error?.code}): WhatsApp holds back this number's messages; not retried`;
    return { kind: 'rejected', httpStatus: status, body, detail };
  }
  if (limit === undefined) return { kind: 'rejected', httpStatus: status, body };
  const pair = limit === 'pair';
  return {
    kind: 'throttled',
    httpStatus: status,
    code: error?.code ?? null,
    retryAfterMs: outcome.retryAfterMs ?? (pair ? DEFAULT_PAIR_WAIT_MS : DEFAULT_CHANNEL_PAUSE_MS),
    reason: throttleReason(pair, status, error),
    channelResponse: body,
  };
}

function throttleReason(pair: boolean, status: number, error: ChannelError | undefined): string {
  const code = error?.code === undefined ? '' : ` ${error.code}`;
  return pair
    ? `recipient rate limit: too many messages to this number in a short time (HTTP ${status}${code})`
    : `channel rate limit: 360dialog answered HTTP ${status}${code} (${error?.message ?? 'too many requests'})`;
}

async function attemptOnce(request: SendRequest): Promise<Attempt> {
  let response: Response;
  try {
    // A 3xx is the channel's answer ("channel error 302"): the key never follows a redirect.
    response = await request.fetch(
      request.url,
      withoutRedirects({
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'D360-API-KEY': request.apiKey },
        body: JSON.stringify(request.payload),
        signal: AbortSignal.timeout(request.policy.timeoutMs),
      }),
    );
  } catch (err) {
    return classifyTransportError(err);
  }
  try {
    const body = await responseBody(response);
    const retryAfterMs = retryAfter(response.headers.get('retry-after'));
    return {
      kind: 'answered',
      status: response.status,
      body,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  } catch (err) {
    // The status line arrived but the body did not (socket reset, timeout): the request was sent.
    return { kind: 'lost', reason: `response cut off: ${describe(err)}` };
  }
}

function classifyTransportError(err: unknown): Attempt {
  const code = (err as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return { kind: 'not-sent', reason: code };
  return { kind: 'lost', reason: describe(err) };
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const causeCode = (cause as { code?: unknown } | undefined)?.code;
  if (err.name === 'TimeoutError') return 'timed out waiting for the channel';
  return typeof causeCode === 'string' ? `${err.message} (${causeCode})` : err.message;
}

/**
 * SPEC `channel_response`: the parsed object for `application/json`, the text for `text/*`,
 * otherwise `null`.
 */
export async function responseBody(response: Response): Promise<unknown> {
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  const text = await response.text();
  if (/^application\/([\w.+-]*\+)?json\b/.test(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }
  return type.startsWith('text/') ? text : null;
}

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The message id (for routing statuses) and `wa_id` (the recipient as WhatsApp knows it). */
function messageIds(body: unknown): { messageId?: string; waId?: string } {
  const b = body as { messages?: { id?: unknown }[]; contacts?: { wa_id?: unknown }[] } | null;
  const messageId = b?.messages?.[0]?.id;
  const waId = b?.contacts?.[0]?.wa_id;
  return {
    ...(typeof messageId === 'string' ? { messageId } : {}),
    ...(typeof waId === 'string' ? { waId } : {}),
  };
}
