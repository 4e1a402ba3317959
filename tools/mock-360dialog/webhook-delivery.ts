import { createHmac } from 'node:crypto';
import type { MockState } from './state.js';
import type { DeliveryKind, DeliveryRecord, WebhookConfig } from './types.js';

/** Header carrying the optional HMAC-SHA256 of the raw body (§6, partner signature). */
export const SIGNATURE_HEADER = 'x-360dialog-signature';

/** What to POST to a key's webhook, plus the metadata the delivery record keeps. */
export interface DeliveryJob {
  kind: DeliveryKind;
  key: string;
  body: unknown;
  messageId?: string;
  recipient?: string;
  statuses?: string[];
}

interface AttemptOutcome {
  status: number | null;
  error: string | null;
}

interface AttemptInfo {
  deliveryId: number;
  attempt: number;
  url: string | null;
  headers: Record<string, string>;
  rawBody: string;
  startedAt: number;
}

/**
 * Delivers webhooks the way §6 describes 360dialog: only HTTP 200 counts, each attempt has a
 * timeout (5 s by default), failures retry with exponential backoff, every attempt is recorded.
 */
export class WebhookDeliverer {
  #deliverySeq = 0;
  readonly #state: MockState;

  constructor(state: MockState) {
    this.#state = state;
  }

  /** Resolves when the first attempt has finished; retries continue in the background. */
  async deliver(job: DeliveryJob): Promise<void> {
    this.#deliverySeq += 1;
    const deliveryId = this.#deliverySeq;
    const rawBody = JSON.stringify(job.body);
    const target = this.#state.webhooks.get(job.key);
    if (target === undefined) {
      const missing = { status: null, error: 'no webhook configured for this API key' };
      const info = { deliveryId, attempt: 0, url: null, headers: {}, rawBody, startedAt: Date.now() };
      this.#record(job, info, missing);
      return;
    }
    await this.#attempt(job, deliveryId, target, rawBody, 1);
  }

  async #attempt(
    job: DeliveryJob,
    id: number,
    target: WebhookConfig,
    rawBody: string,
    attempt: number,
  ): Promise<void> {
    const cancel = this.#state.timers.signal;
    const headers = this.#headers(target, rawBody);
    const startedAt = Date.now();
    const outcome = await this.#post(target.url, headers, rawBody, cancel);
    // A reset or stop while the POST was in flight: the attempt belongs to a finished test.
    if (cancel.aborted) return;
    this.#record(job, { deliveryId: id, attempt, url: target.url, headers, rawBody, startedAt }, outcome);
    const { maxAttempts, baseDelayMs, factor } = this.#state.config.retry;
    if (outcome.status === 200 || attempt >= maxAttempts) return;
    const backoff = baseDelayMs * factor ** (attempt - 1);
    this.#state.timers.after(backoff, () => void this.#attempt(job, id, target, rawBody, attempt + 1));
  }

  #headers(target: WebhookConfig, rawBody: string): Record<string, string> {
    const headers: Record<string, string> = {
      ...target.headers,
      'content-type': 'application/json',
      'user-agent': '360dialog-mock',
    };
    const secret = this.#state.config.signatureSecret;
    if (secret !== null)
      headers[SIGNATURE_HEADER] = createHmac('sha256', secret).update(rawBody).digest('hex');
    return headers;
  }

  async #post(
    url: string,
    headers: Record<string, string>,
    body: string,
    cancel: AbortSignal,
  ): Promise<AttemptOutcome> {
    const timeoutMs = this.#state.config.webhookTimeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const signal = AbortSignal.any([cancel, timeout]);
      const response = await fetch(url, { method: 'POST', headers, body, signal });
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status, error: null };
    } catch (error) {
      if (timeout.aborted) return { status: null, error: `timeout after ${timeoutMs} ms` };
      return { status: null, error: describeFetchError(error) };
    }
  }

  #record(job: DeliveryJob, info: AttemptInfo, outcome: AttemptOutcome): void {
    const { startedAt, ...attempt } = info;
    const record: DeliveryRecord = {
      seq: this.#state.deliveries.nextSeq(),
      ...attempt,
      kind: job.kind,
      key: job.key,
      body: job.body,
      messageId: job.messageId ?? null,
      recipient: job.recipient ?? null,
      statuses: job.statuses ?? [],
      responseStatus: outcome.status,
      error: outcome.error,
      ok: outcome.status === 200,
      at: new Date(startedAt).toISOString(),
      durationMs: Date.now() - startedAt,
    };
    this.#state.deliveries.add(record);
  }
}

/** undici hides the socket error in `cause` (`ECONNREFUSED`, `UND_ERR_SOCKET`, …). */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof cause?.code === 'string') return `${error.message}: ${cause.code}`;
  if (typeof cause?.message === 'string') return `${error.message}: ${cause.message}`;
  return error.message;
}
