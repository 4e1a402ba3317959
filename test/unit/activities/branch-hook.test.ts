/**
 * Branch hooks (SPEC section 4 [decided]): a resolved task POSTs `{task_id, branch, status, result,
 * chat}` to the slot's URL for that branch. Anything but 2xx throws so Temporal retries; the error
 * never carries the URL, which may hold a token and would land in workflow history.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { postBranchHook } from '../../../activities/branch-hook.js';
import type { BranchHookBody } from '../../../activities/branch-hook.js';
import { createActivities } from '../../../activities/index.js';
import type { ChannelCredentialsReader } from '../../../activities/index.js';
import { createMemoryLogger } from '../../../lib/logger.js';
import { freePort } from '../../../embedded/temporal/free-port.js';
import { jsonAnswer, startLocalServer } from './support/local-server.js';
import type { Answer, LocalServer } from './support/local-server.js';

const TOKEN = 'hook-token-5e1f0c';

const body: BranchHookBody = {
  task_id: 'task-42',
  branch: 'success',
  status: 'delivered',
  result: { description: 'success', channel_response: { statuses: [{ status: 'read' }] } },
  chat: {
    id: 'chat-1',
    channel_id: 'wa-main',
    recipient_id: '79291642944',
    context: { order: 'A-1042', notification: { status: 'sent' } },
  },
};

describe('postBranchHook', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function hookAnswering(answer: Answer): Promise<string> {
    server = await startLocalServer(() => answer);
    return `${server.url}/hooks/whatsapp?token=${TOKEN}`;
  }

  /** The rejection of `promise`, failing the test when it resolves. */
  async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
    const error = await promise.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }

  it.each([200, 201, 202, 204])('an answer of %i resolves', async (status) => {
    const url = await hookAnswering({ status });

    await expect(postBranchHook(url, body, fetch, 1_000)).resolves.toBeUndefined();
  });

  it('POSTs the body as JSON with an Idempotency-Key of task and branch', async () => {
    const url = await hookAnswering(jsonAnswer(200, { ok: true }));

    await postBranchHook(url, body, fetch, 1_000);

    expect(server?.requests).toHaveLength(1);
    const [request] = server?.requests ?? [];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/hooks/whatsapp?token=${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe('task-42:success');
    expect(JSON.parse(request?.body ?? '')).toStrictEqual(body);
  });

  it.each([400, 401, 404, 410, 429, 500, 502, 503])(
    'an answer of %i throws an error naming the status, not the URL',
    async (status) => {
      const url = await hookAnswering({ status, body: `rejected ${TOKEN}` });

      const error = await rejectionOf(postBranchHook(url, body, fetch, 1_000));

      expect(error.message).toBe(`branch hook answered HTTP ${status}`);
      expect(error.message).not.toContain(TOKEN);
      expect(error.message).not.toContain(server?.url ?? '');
    },
  );

  it('a hook that never answers throws after the timeout, without the URL', async () => {
    const url = await hookAnswering('hang');
    const started = Date.now();

    const error = await rejectionOf(postBranchHook(url, body, fetch, 200));

    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(10_000); // loose: the point is that it ends, not how fast
    expect(error.message).toBe('branch hook not reached: TimeoutError');
    expect(error.message).not.toContain(TOKEN);
  });

  it('a hook that refuses the connection throws, without the URL', async () => {
    const port = await freePort();

    const error = await rejectionOf(
      postBranchHook(`http://127.0.0.1:${port}/h?token=${TOKEN}`, body, fetch, 1_000),
    );

    expect(error.message).not.toContain(TOKEN);
  });

  it('moves credentials of a hook URL into a Basic Authorization header (fetch refuses them in URLs)', async () => {
    const url = await hookAnswering({ status: 200 });
    const withCredentials = url.replace('http://', `http://hook:${TOKEN}@`);

    await postBranchHook(withCredentials, body, fetch, 1_000);

    const [request] = server?.requests ?? [];
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from(`hook:${TOKEN}`).toString('base64')}`);
  });

  it('a hook URL with credentials that cannot be reached fails without echoing them', async () => {
    const withCredentials = `http://hook:${TOKEN}@127.0.0.1:${await freePort()}/hooks`;

    const error = await rejectionOf(postBranchHook(withCredentials, body, fetch, 1_000));

    expect(error.message).toBe('branch hook not reached: ECONNREFUSED');
  });

  it('the activity uses hookTimeoutMs from its dependencies', async () => {
    const url = await hookAnswering('hang');
    const channels: ChannelCredentialsReader = { getChannelSecrets: () => Promise.resolve(undefined) };
    // postBranchHook never touches the Temporal client.
    const activities = createActivities({
      channels,
      client: {} as Client,
      store: {} as Parameters<typeof createActivities>[0]['store'],
      logger: createMemoryLogger(),
      hookTimeoutMs: 150,
    });
    const started = Date.now();

    const error = await rejectionOf(activities.postBranchHook({ url, body }));

    expect(error.message).toBe('branch hook not reached: TimeoutError');
    expect(Date.now() - started).toBeLessThan(10_000); // loose: the point is that it ends, not how fast
  });
});
