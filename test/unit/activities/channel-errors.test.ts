/**
 * SPEC section 4 step 1, "the channel answered 4xx or 5xx": `channel_response` is the parsed object
 * for `application/json`, the text for `text/*`, otherwise `null`; and `parseChannelError` reads a
 * code and a message out of each of the five error-body shapes of reference/360dialog.md §3.2.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isGatewayRateLimit, parseChannelError } from '../../../activities/d360-error-body.js';
import type { ChannelError } from '../../../activities/d360-error-body.js';
import { sendToChannel } from '../../../activities/d360-send.js';
import type { CannedFault, ErrorShape } from '../../../tools/mock-360dialog/index.js';
import type { ChannelKind } from '../../../workflows/slot-snapshot.js';
import { jsonAnswer, startLocalServer } from './support/local-server.js';
import type { Answer, LocalServer } from './support/local-server.js';
import {
  expectKind,
  fastPolicy,
  onlyRequest,
  recordingSleep,
  sendToMock,
  useMock,
} from './support/mock-channel.js';
import { buildPayload } from './support/slots.js';
import { messagesPath } from '../../../activities/template-request.js';

/** One answer, no retries: these tests look at what a single rejection carries. */
const ONE_ATTEMPT = { maxAttempts: 1 };

const helloWorld = (kind: ChannelKind) =>
  buildPayload(kind, { templateName: 'hello_world', languageCode: 'en_US' });

describe('channel errors from the 360dialog mock', () => {
  const h = useMock();

  it.each<[ErrorShape, number, ChannelError]>([
    ['graph', 400, { code: 131009, message: 'Parameter value is not valid', layer: 'meta' }],
    ['onprem', 400, { code: 131009, message: 'Parameter value is not valid', layer: 'on-premise' }],
    ['gateway', 401, { message: 'Parameter value is not valid', layer: '360dialog' }],
    ['gatewayCamel', 403, { message: 'Parameter value is not valid', layer: '360dialog' }],
    ['errorString', 401, { message: 'Parameter value is not valid', layer: 'plain' }],
    ['detail', 400, { code: 131009, message: 'Parameter value is not valid', layer: 'marketing-messages' }],
  ])('the %s error shape (HTTP %i): rejected with the body as sent', async (shape, status, parsed) => {
    await h.mock.control.addFault({
      type: 'http',
      status,
      shape,
      code: 131009,
      message: 'Parameter value is not valid',
    });

    const result = await sendToMock(h.mock, '360dialog-cloud', helloWorld('360dialog-cloud'), {
      policy: ONE_ATTEMPT,
    });

    const request = await onlyRequest(h.mock, '/messages');
    expect(request.responseStatus).toBe(status);
    expect(result).toStrictEqual({ kind: 'rejected', httpStatus: status, body: request.responseBody });
    expect(parseChannelError(expectKind(result, 'rejected').body)).toStrictEqual(parsed);
  });

  it('the gateway shape in both spellings carries the status the mock sent', async () => {
    await h.mock.control.addFault({ type: 'http', status: 403, shape: 'gateway', message: 'Blocked' });
    await h.mock.control.addFault({ type: 'http', status: 403, shape: 'gatewayCamel', message: 'Blocked' });
    const send = () =>
      sendToMock(h.mock, '360dialog-cloud', helloWorld('360dialog-cloud'), { policy: ONE_ATTEMPT });

    expect(await send()).toStrictEqual({
      kind: 'rejected',
      httpStatus: 403,
      body: { meta: { success: false, http_code: 403, developer_message: 'Blocked' } },
    });
    expect(await send()).toStrictEqual({
      kind: 'rejected',
      httpStatus: 403,
      body: { meta: { success: false, httpCode: 403, developerMessage: 'Blocked' } },
    });
  });

  it.each<[CannedFault, ChannelKind, number, ChannelError]>([
    [
      'rate_limit',
      '360dialog-cloud',
      429,
      { code: 130429, message: 'Cloud API message throughput has been reached.', layer: 'meta' },
    ],
    ['rate_limit', '360dialog', 429, { code: 1015, message: 'Too many requests', layer: 'on-premise' }],
    [
      'endpoint_rate_limit',
      '360dialog-cloud',
      400,
      { message: 'You have exceeded the endpoint rate limit', layer: '360dialog' },
    ],
    [
      'pair_rate_limit',
      '360dialog-cloud',
      429,
      {
        code: 131056,
        message:
          'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
        layer: 'meta',
      },
    ],
  ])('canned %s on %s: throttled %i, the body kept', async (name, kind, status, parsed) => {
    await h.mock.control.addFault({ type: 'canned', name });

    const result = await sendToMock(h.mock, kind, helloWorld(kind), { policy: ONE_ATTEMPT });

    const request = await onlyRequest(h.mock, messagesPath(kind));
    const throttled = expectKind(result, 'throttled');
    expect(throttled).toMatchObject({ httpStatus: status, code: parsed.code ?? null });
    expect(throttled.channelResponse).toStrictEqual(request.responseBody);
    expect(parseChannelError(throttled.channelResponse)).toStrictEqual(parsed);
  });

  it.each<[CannedFault, ChannelKind, number, ChannelError]>([
    ['internal_error', '360dialog-cloud', 500, { message: 'Internal server error', layer: '360dialog' }],
    ['internal_error', '360dialog', 500, { message: 'Internal server error', layer: '360dialog' }],
    [
      'api_unavailable',
      '360dialog-cloud',
      502,
      { message: 'WhatsApp for Business API not available', layer: '360dialog' },
    ],
    [
      'service_unavailable',
      '360dialog-cloud',
      503,
      { code: 131016, message: 'A service is temporarily unavailable.', layer: 'meta' },
    ],
    [
      'service_unavailable',
      '360dialog',
      503,
      { code: 1011, message: 'Service not ready', layer: 'on-premise' },
    ],
    [
      'blocked_endpoint',
      '360dialog-cloud',
      403,
      { message: 'This URL /messages is blocked', layer: '360dialog' },
    ],
    [
      'blocked_endpoint',
      '360dialog',
      403,
      { message: 'This URL /v1/messages is blocked', layer: '360dialog' },
    ],
    [
      'lack_of_payment',
      '360dialog',
      400,
      { message: 'Could not send message due to lack of payment', layer: '360dialog' },
    ],
  ])('canned %s on %s: rejected %i', async (name, kind, status, parsed) => {
    await h.mock.control.addFault({ type: 'canned', name });

    const result = await sendToMock(h.mock, kind, helloWorld(kind), { policy: ONE_ATTEMPT });

    const request = await onlyRequest(h.mock, messagesPath(kind));
    expect(result).toStrictEqual({ kind: 'rejected', httpStatus: status, body: request.responseBody });
    expect(parseChannelError(expectKind(result, 'rejected').body)).toStrictEqual(parsed);
  });

  it('an HTML 502 from a proxy: rejected 502 with the HTML text as the body', async () => {
    await h.mock.control.addFault({ type: 'html502' });

    const result = expectKind(
      await sendToMock(h.mock, '360dialog-cloud', helloWorld('360dialog-cloud')),
      'rejected',
    );

    const request = await onlyRequest(h.mock, '/messages');
    expect(result.httpStatus).toBe(502);
    expect(typeof result.body).toBe('string');
    expect(result.body).toBe(request.responseBody);
    expect(result.body).toContain('<title>502 Bad Gateway</title>');
    expect(parseChannelError(result.body)).toStrictEqual({
      message: String(result.body).trim(),
      layer: 'plain',
    });
  });

  it('a fault matched by template leaves other templates alone', async () => {
    await h.mock.control.addFault({
      type: 'canned',
      name: 'internal_error',
      match: { template: 'order_shipped' },
    });

    const result = await sendToMock(h.mock, '360dialog-cloud', helloWorld('360dialog-cloud'));

    expect(result.kind).toBe('accepted');
  });
});

describe('channel_response by content type (a local server)', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function answerOnce(answer: Answer) {
    server = await startLocalServer(() => answer);
    return sendToChannel({
      url: `${server.url}/messages`,
      apiKey: 'key',
      payload: {},
      policy: { ...fastPolicy, maxAttempts: 1 },
      fetch,
      sleep: recordingSleep().sleep,
    });
  }

  it.each<[string, Answer, unknown]>([
    [
      'application/json; charset=UTF-8 → the parsed object',
      { status: 400, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: '{"a":[1]}' },
      { a: [1] },
    ],
    [
      'application/problem+json → the parsed object',
      { status: 400, headers: { 'content-type': 'application/problem+json' }, body: '{"title":"x"}' },
      { title: 'x' },
    ],
    [
      'text/plain → the text',
      { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Bad request, sorry' },
      'Bad request, sorry',
    ],
    [
      'application/json that does not parse → null',
      { status: 500, headers: { 'content-type': 'application/json' }, body: '{oops' },
      null,
    ],
    [
      'application/octet-stream → null',
      { status: 500, headers: { 'content-type': 'application/octet-stream' }, body: 'binary' },
      null,
    ],
    ['no content type → null', { status: 500, body: 'something' }, null],
  ])('%s', async (_what, answer, body) => {
    const result = await answerOnce(answer);

    expect(result).toStrictEqual({
      kind: 'rejected',
      httpStatus: (answer as { status: number }).status,
      body,
    });
  });

  it('a 2xx without ids is accepted without messageId and waId', async () => {
    const result = await answerOnce(jsonAnswer(200, { ok: true }));

    expect(result).toStrictEqual({ kind: 'accepted', httpStatus: 200, body: { ok: true } });
  });

  it('a 204 without a body is accepted with a null body', async () => {
    const result = await answerOnce({ status: 204 });

    expect(result).toStrictEqual({ kind: 'accepted', httpStatus: 204, body: null });
  });
});

describe('parseChannelError edge cases', () => {
  it.each<[string, unknown, ChannelError | undefined]>([
    [
      'Meta error without error_data: the message',
      { error: { message: '(#100) The parameter to is required.', code: 100 } },
      { code: 100, message: '(#100) The parameter to is required.', layer: 'meta' },
    ],
    ['Meta error without a message or code', { error: {} }, { message: 'unknown error', layer: 'meta' }],
    [
      'On-Premise error without details: the title',
      { errors: [{ code: 1013, title: 'User is not valid' }] },
      { code: 1013, message: 'User is not valid', layer: 'on-premise' },
    ],
    [
      'an On-Premise success body (meta without success:false)',
      { meta: { api_status: 'stable' } },
      undefined,
    ],
    ['a gateway body with success:true', { meta: { success: true } }, undefined],
    ['an empty errors array', { errors: [] }, undefined],
    ['an empty object', {}, undefined],
    ['null', null, undefined],
    ['a number', 42, undefined],
    ['an array', [{ error: 'x' }], undefined],
    ['a blank string', '  \n ', undefined],
    ['text', '  Service Unavailable \n', { message: 'Service Unavailable', layer: 'plain' }],
  ])('%s', (_what, body, expected) => {
    expect(parseChannelError(body)).toStrictEqual(expected);
  });

  it('keeps at most 500 characters of a text body', () => {
    expect(parseChannelError('x'.repeat(2000))?.message).toHaveLength(500);
  });

  it.each<[number, unknown, boolean]>([
    [
      400,
      {
        meta: {
          success: false,
          http_code: 400,
          developer_message: 'You have exceeded the endpoint rate limit',
        },
      },
      true,
    ],
    [400, 'You have exceeded the endpoint rate limit', true],
    [
      400,
      { meta: { success: false, developer_message: 'Could not send message due to lack of payment' } },
      false,
    ],
    [
      429,
      { meta: { success: false, developer_message: 'You have exceeded the endpoint rate limit' } },
      false,
    ],
    [400, null, false],
  ])('isGatewayRateLimit(%i, %j) is %s', (status, body, expected) => {
    expect(isGatewayRateLimit(status, parseChannelError(body))).toBe(expected);
  });
});
