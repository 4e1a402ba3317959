import { D360_API_KEY_HEADER } from '../../../lib/http-headers.js';
import { redactSecretValues, type Logger } from '../../../lib/logger.js';
import { withoutRedirects } from '../../../lib/http/no-redirect-fetch.js';
import { NotFoundError, type Store } from '../../../store/index.js';
import { callbackUrl } from '../urls.js';

import { CALLBACK_SECRET_HEADER } from '../../callbacks/callback-secret.js';

export { CALLBACK_SECRET_HEADER };

export interface RegisterCallbacksDeps {
  store: Pick<Store, 'getChannelSecrets' | 'markCallbacksRegistered'>;
  publicBaseUrl: string;
  logger: Logger;
  fetch?: typeof fetch;
  /** 360dialog answers this call in well under a second; give up after (default 10 s). */
  timeoutMs?: number;
}

/** 360dialog refused or could not be reached; the message is safe to show (no key, no secret). */
export class CallbackRegistrationError extends Error {
  override name = 'CallbackRegistrationError';
  constructor(
    message: string,
    readonly upstreamStatus?: number,
  ) {
    super(message);
  }
}

/**
 * SPEC §5: tells 360dialog where to POST statuses and inbound messages of this channel, with the
 * channel's secret header: `POST {base}/v1/configs/webhook {url, headers}` (the same path on both
 * flavours). Records the registered URL so `callbacks_registered` and config:apply know it is done.
 */
export async function registerCallbacks(
  channelId: string,
  deps: RegisterCallbacksDeps,
): Promise<{ url: string }> {
  const channel = await deps.store.getChannelSecrets(channelId);
  if (!channel) throw new NotFoundError('Channel');
  const url = callbackUrl(deps.publicBaseUrl, channel.id);
  const endpoint = `${channel.baseUrl}/v1/configs/webhook`;
  const scrub = (text: string) => redactSecretValues(text, [channel.apiKey, channel.callbackSecret]);
  let response: Response;
  try {
    // The key and the secret never follow a redirect: a 3xx is a refusal like any other non-2xx.
    response = await (deps.fetch ?? fetch)(
      endpoint,
      withoutRedirects({
        method: 'POST',
        headers: {
          [D360_API_KEY_HEADER]: channel.apiKey,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify({ url, headers: { [CALLBACK_SECRET_HEADER]: channel.callbackSecret } }),
        signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      }),
    );
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : describe(error);
    deps.logger.warn('callback registration failed', { channelId, endpoint, reason: scrub(reason) });
    throw new CallbackRegistrationError(scrub(`Could not reach 360dialog at ${endpoint}: ${reason}`));
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const detail = scrub(errorMessage(text) ?? response.statusText);
    deps.logger.warn('callback registration refused', {
      channelId,
      endpoint,
      httpStatus: response.status,
      detail,
    });
    throw new CallbackRegistrationError(
      `360dialog refused the webhook registration (HTTP ${response.status}): ${detail}`,
      response.status,
    );
  }
  await deps.store.markCallbacksRegistered(channel.id, url);
  deps.logger.info('callbacks registered', { channelId, url });
  return { url };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

/**
 * The human part of a 360dialog error body, trying the layouts it uses in turn: gateway `meta`
 * (snake or camel case), Meta Graph `error`, On-Premise `errors[]`, `{error: "…"}`, `detail`.
 */
export function errorMessage(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return trimmed === '' ? undefined : trimmed.slice(0, 300);
  }
  const at = (...path: (string | number)[]) => dig(body, path);
  const candidates: unknown[] = [
    at('meta', 'developer_message'),
    at('meta', 'developerMessage'),
    joined(at('error', 'message'), at('error', 'error_data', 'details')),
    joined(at('errors', 0, 'title'), at('errors', 0, 'details')),
    at('error'),
    at('detail', 'error', 'message'),
    at('detail'),
    at('message'),
  ];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return found?.slice(0, 300) ?? text.slice(0, 300);
}

function dig(value: unknown, path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function joined(title: unknown, details: unknown): string | undefined {
  if (typeof title !== 'string') return undefined;
  return typeof details === 'string' && details !== '' && details !== title ? `${title}: ${details}` : title;
}
