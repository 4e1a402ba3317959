/**
 * The send's retry policy (activities/d360-send.ts): retry only when a duplicate message is
 * impossible (the request never left: connection refused, DNS) or the channel said "not now" (503).
 * A timeout or a reset after the request was sent is "channel inaccessible" at once: the message may
 * have gone out. Rate limits (429, 130429, 131056, 360dialog's rate-limit 400) are not retried here:
 * they come back as `throttled` for the workflow to wait out (workflows/send-pacing.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sendToChannel } from '../../../activities/d360-send.js';
import type { CannedFault, FaultInput } from '../../../tools/mock-360dialog/index.js';
import { freePort } from '../../../embedded/temporal/free-port.js';
import { jsonAnswer, startLocalServer } from './support/local-server.js';
import type { Answer, LocalServer } from './support/local-server.js';
import { expectKind, fastPolicy, recordingSleep, sendToMock, useMock } from './support/mock-channel.js';
import { buildPayload } from './support/slots.js';

const payload = buildPayload('360dialog-cloud', { templateName: 'hello_world', languageCode: 'en_US' });
const ACCEPTED = jsonAnswer(200, { messages: [{ id: 'wamid.retry' }], contacts: [{ wa_id: '491' }] });

describe('retries against the 360dialog mock', () => {
  const h = useMock();
  const sends = async () => (await h.mock.control.requests({ path: '/messages' })).length;

  it('service_unavailable twice, then accepted: three sends, backoff 5 then 10 ms', async () => {
    const why = 'HTTP 503';
    await h.mock.control.addFault({ type: 'canned', name: 'service_unavailable', times: 2 });
    const { sleep, delays } = recordingSleep();
    const retries: [number, string, number][] = [];

    const result = await sendToMock(h.mock, '360dialog-cloud', payload, {
      sleep,
      onRetry: (...args) => retries.push(args),
    });

    expect(result.kind).toBe('accepted');
    expect(await sends()).toBe(3);
    expect(delays).toStrictEqual([5, 10]);
    expect(retries).toStrictEqual([
      [1, why, 5],
      [2, why, 10],
    ]);
  });

  it.each<[CannedFault, number, number | null]>([
    ['rate_limit', 429, 130429],
    ['endpoint_rate_limit', 400, null],
  ])('%s: throttled after one send, no quick retry, the body kept', async (name, status, code) => {
    await h.mock.control.addFault({ type: 'canned', name, times: 5 });
    const { sleep, delays } = recordingSleep();

    const result = await sendToMock(h.mock, '360dialog-cloud', payload, { sleep });

    const requests = await h.mock.control.requests({ path: '/messages' });
    expect(requests).toHaveLength(1);
    expect(delays).toStrictEqual([]);
    expect(result).toMatchObject({ kind: 'throttled', httpStatus: status, code, retryAfterMs: 1_000 });
    expect(expectKind(result, 'throttled').channelResponse).toStrictEqual(requests[0]?.responseBody);
    expect(expectKind(result, 'throttled').reason).toMatch(/^channel rate limit: 360dialog answered HTTP/);
  });

  it('On-Premise 429 (1015) is throttled too', async () => {
    await h.mock.control.addFault({ type: 'canned', name: 'rate_limit', times: 1 });

    const result = await sendToMock(
      h.mock,
      '360dialog',
      buildPayload('360dialog', { templateName: 'hello_world', languageCode: 'en_US' }),
    );

    expect(result).toMatchObject({ kind: 'throttled', httpStatus: 429, code: 1015 });
    expect(await h.mock.control.requests({ path: '/v1/messages' })).toHaveLength(1);
  });

  it('131056 (pair rate): throttled for about 6 s, the reason names the recipient limit', async () => {
    await h.mock.control.addFault({ type: 'canned', name: 'pair_rate_limit', times: 1 });

    const result = expectKind(await sendToMock(h.mock, '360dialog-cloud', payload), 'throttled');

    expect(result).toMatchObject({ httpStatus: 429, code: 131056, retryAfterMs: 6_000 });
    expect(result.reason).toMatch(/^recipient rate limit/);
  });

  it('131048 (spam rate limit): rejected after one send with a detail that says so', async () => {
    await h.mock.control.addFault({ type: 'canned', name: 'spam_rate_limit', times: 5 });

    const result = expectKind(await sendToMock(h.mock, '360dialog-cloud', payload), 'rejected');

    expect(result.httpStatus).toBe(400);
    expect(result.detail).toMatch(/^spam rate limit \(131048\)/);
    expect(result.body).toMatchObject({ error: { code: 131048 } });
    expect(await sends()).toBe(1);
  });

  it('service_unavailable outlasting maxAttempts: rejected 503 after exactly maxAttempts sends', async () => {
    const status = 503;
    await h.mock.control.addFault({ type: 'canned', name: 'service_unavailable', times: 10 });
    const { sleep, delays } = recordingSleep();

    const result = await sendToMock(h.mock, '360dialog-cloud', payload, { sleep });

    const requests = await h.mock.control.requests({ path: '/messages' });
    expect(requests).toHaveLength(fastPolicy.maxAttempts);
    expect(result).toStrictEqual({
      kind: 'rejected',
      httpStatus: status,
      body: requests[requests.length - 1]?.responseBody,
    });
    expect(delays).toStrictEqual([5, 10]);
  });

  it('backoff doubles from baseDelayMs and is capped at maxDelayMs', async () => {
    await h.mock.control.addFault({ type: 'canned', name: 'service_unavailable', times: 10 });
    const { sleep, delays } = recordingSleep();

    const result = await sendToMock(h.mock, '360dialog-cloud', payload, {
      sleep,
      policy: { maxAttempts: 7 },
    });

    expect(result.kind).toBe('rejected');
    expect(await sends()).toBe(7);
    expect(delays).toStrictEqual([5, 10, 20, 40, 50, 50]);
  });

  it.each<[string, FaultInput, number]>([
    ['500 internal error', { type: 'canned', name: 'internal_error' }, 500],
    ['502 API not available', { type: 'canned', name: 'api_unavailable' }, 502],
    ['403 blocked endpoint', { type: 'canned', name: 'blocked_endpoint' }, 403],
    ['400 lack of payment', { type: 'canned', name: 'lack_of_payment' }, 400],
    ['HTML 502 from a proxy', { type: 'html502' }, 502],
    ['400 Meta 131009', { type: 'http', status: 400, shape: 'graph', code: 131009 }, 400],
  ])('%s is not retried: rejected after one send', async (_what, fault, status) => {
    await h.mock.control.addFault({ ...fault, times: 5 });
    const { sleep, delays } = recordingSleep();

    const result = await sendToMock(h.mock, '360dialog-cloud', payload, { sleep });

    expect(expectKind(result, 'rejected').httpStatus).toBe(status);
    expect(await sends()).toBe(1);
    expect(delays).toStrictEqual([]);
  });

  it('an unknown key (401) is not retried', async () => {
    const result = await sendToMock(h.mock, '360dialog-cloud', payload, { key: 'nobody' });

    expect(expectKind(result, 'rejected').httpStatus).toBe(401);
    expect(await sends()).toBe(1);
  });

  it('hang: unreachable after timeoutMs, one request, never retried', async () => {
    await h.mock.control.addFault({ type: 'hang', times: 1 });
    const { sleep, delays } = recordingSleep();
    const started = Date.now();

    const result = await sendToMock(h.mock, '360dialog-cloud', payload, {
      sleep,
      policy: { timeoutMs: 300 },
    });

    expect(result).toStrictEqual({ kind: 'unreachable', reason: 'timed out waiting for the channel' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await sends()).toBe(1);
    expect(delays).toStrictEqual([]);
  });

  it('reset mid-response: unreachable, one request, never retried', async () => {
    await h.mock.control.addFault({ type: 'reset', times: 1 });
    const { sleep, delays } = recordingSleep();

    const result = await sendToMock(h.mock, '360dialog-cloud', payload, { sleep });

    expect(expectKind(result, 'unreachable').reason).toMatch(/^response cut off: /);
    expect(await sends()).toBe(1);
    expect(delays).toStrictEqual([]);
  });

  it('slow but under the timeout: accepted', async () => {
    await h.mock.control.addFault({ type: 'slow', delayMs: 150 });

    const result = await sendToMock(h.mock, '360dialog-cloud', payload, { policy: { timeoutMs: 1_000 } });

    expect(result.kind).toBe('accepted');
    expect(await sends()).toBe(1);
  });

  it('slow past the timeout: unreachable and not retried, though the channel went on to send it', async () => {
    await h.mock.control.addFault({ type: 'slow', delayMs: 400 });
    const { sleep, delays } = recordingSleep();

    const result = await sendToMock(h.mock, '360dialog-cloud', payload, {
      sleep,
      policy: { timeoutMs: 200 },
    });

    expect(result).toStrictEqual({ kind: 'unreachable', reason: 'timed out waiting for the channel' });
    expect(delays).toStrictEqual([]);
    // Why a timeout is never retried: the mock finishes the send after the client gave up.
    await expect.poll(() => h.mock.control.messages().then((m) => m.length), { timeout: 2_000 }).toBe(1);
    expect(await sends()).toBe(1);
  });
});

describe('retries when the request never left', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  const send = (url: string, sleep: (ms: number) => Promise<void>) =>
    sendToChannel({ url, apiKey: 'key', payload, policy: fastPolicy, fetch, sleep });

  it('connection refused: retried maxAttempts times, then unreachable', async () => {
    const port = await freePort();
    const { sleep, delays } = recordingSleep();

    const result = await send(`http://127.0.0.1:${port}/messages`, sleep);

    expect(result).toStrictEqual({ kind: 'unreachable', reason: 'ECONNREFUSED' });
    expect(delays).toStrictEqual([5, 10]);
  });

  it('connection refused, then the channel comes up: accepted on the next attempt', async () => {
    const port = await freePort();
    const { sleep: wait, delays } = recordingSleep();
    const sleep = async (ms: number) => {
      server ??= await startLocalServer(() => ACCEPTED, port);
      await wait(ms);
    };

    const result = await send(`http://127.0.0.1:${port}/messages`, sleep);

    expect(expectKind(result, 'accepted').messageId).toBe('wamid.retry');
    expect(delays).toStrictEqual([5]);
    expect(server?.requests).toHaveLength(1);
  });

  it('a host that does not resolve: retried, then unreachable with the DNS error', async () => {
    const { sleep, delays } = recordingSleep();

    const result = await send('http://channel.invalid/messages', sleep);

    expect(expectKind(result, 'unreachable').reason).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
    expect(delays).toStrictEqual([5, 10]);
  });
});

describe('Retry-After (a local server: the mock does not send it)', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function sendWithAnswers(answers: Answer[], maxDelayMs: number) {
    server = await startLocalServer((_request, index) => answers[index] ?? ACCEPTED);
    const { sleep, delays } = recordingSleep();
    const result = await sendToChannel({
      url: `${server.url}/messages`,
      apiKey: 'key',
      payload,
      policy: { ...fastPolicy, maxDelayMs },
      fetch,
      sleep,
    });
    return { result, delays, requests: server.requests.length };
  }

  const tooMany = (retryAfter: string) =>
    jsonAnswer(429, { error: 'slow down' }, { 'retry-after': retryAfter });
  const unavailable = (retryAfter: string) =>
    jsonAnswer(503, { error: 'not now' }, { 'retry-after': retryAfter });

  it('a 429 with Retry-After in seconds: throttled for that long, no quick retry', async () => {
    const { result, delays, requests } = await sendWithAnswers([tooMany('7')], 5_000);

    expect(result).toMatchObject({ kind: 'throttled', httpStatus: 429, code: null, retryAfterMs: 7_000 });
    expect(delays).toStrictEqual([]);
    expect(requests).toBe(1);
  });

  it('a 503 with Retry-After waits that long, capped at maxDelayMs', async () => {
    const { result, delays } = await sendWithAnswers([unavailable('120'), unavailable('3600')], 50);

    expect(result.kind).toBe('accepted');
    expect(delays).toStrictEqual([50, 50]);
  });

  it('a Retry-After HTTP date: throttled until then', async () => {
    const at = new Date(Date.now() + 3_000).toUTCString();

    const { result } = await sendWithAnswers([tooMany(at)], 5_000);

    // The header has whole seconds, so the wait is up to 3 s and far more than the default 1 s.
    const { retryAfterMs } = expectKind(result, 'throttled');
    expect(retryAfterMs).toBeGreaterThan(1_000);
    expect(retryAfterMs).toBeLessThanOrEqual(3_000);
  });

  it('an unreadable Retry-After falls back to the 1 s default pause', async () => {
    const { result } = await sendWithAnswers([tooMany('soon')], 50);

    expect(result).toMatchObject({ kind: 'throttled', retryAfterMs: 1_000 });
  });

  it('Retry-After on a non-retryable status changes nothing: rejected after one send', async () => {
    const { result, requests } = await sendWithAnswers(
      [jsonAnswer(500, { error: 'x' }, { 'retry-after': '1' })],
      5_000,
    );

    expect(result).toStrictEqual({ kind: 'rejected', httpStatus: 500, body: { error: 'x' } });
    expect(requests).toBe(1);
  });
});
