/**
 * Issue 9 "Outgoing HTTP never follows a redirect while carrying credentials": the send (D360-API-KEY),
 * the webhook registration (key and callback secret) and branch hooks (Basic authorization) answer
 * a 3xx as a failure and never repeat the request at the `Location`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import {
  CallbackRegistrationError,
  registerCallbacks,
} from '../../../api/admin/channels/register-callbacks.js';
import { postBranchHook, type BranchHookBody } from '../../../activities/branch-hook.js';
import { defaultSendPolicy, sendToChannel } from '../../../activities/d360-send.js';
import { createActivities } from '../../../activities/index.js';
import { createMemoryLogger } from '../../../lib/logger.js';
import { startLocalServer, type LocalServer } from './support/local-server.js';

const API_KEY = 'd360-key-never-elsewhere';
const SECRET = 'callback-secret-never-elsewhere';
const body: BranchHookBody = {
  task_id: 'task-1',
  branch: 'success',
  status: 'delivered',
  result: { description: 'success', channel_response: null },
  chat: { id: 'chat-1', channel_id: 'wa-main', recipient_id: '79291642944', context: {} },
};

let servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
});

/** A stranger's server, and a server that redirects every request to it (another origin). */
async function redirectToStranger(
  status = 302,
): Promise<{ redirecting: LocalServer; stranger: LocalServer }> {
  const stranger = await startLocalServer(() => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }));
  const redirecting = await startLocalServer((request) => ({
    status,
    headers: { location: `${stranger.url}${request.path}`, 'content-type': 'text/plain' },
    body: 'moved',
  }));
  servers.push(stranger, redirecting);
  return { redirecting, stranger };
}

describe('no redirects with credentials', () => {
  it.each([301, 302, 307, 308])(
    'a send answered %i is "channel error %i", and the key goes nowhere else',
    async (status) => {
      const { redirecting, stranger } = await redirectToStranger(status);
      const result = await sendToChannel({
        url: `${redirecting.url}/messages`,
        apiKey: API_KEY,
        payload: { to: '+79291642944' },
        policy: { ...defaultSendPolicy, timeoutMs: 2000 },
        fetch,
        sleep: () => Promise.resolve(),
      });
      expect(result).toEqual({ kind: 'rejected', httpStatus: status, body: 'moved' });
      expect(redirecting.requests).toHaveLength(1);
      expect(stranger.requests).toEqual([]);
    },
  );

  it('a webhook registration answered 302 is refused, and neither key nor secret goes elsewhere', async () => {
    const { redirecting, stranger } = await redirectToStranger(307);
    const store = {
      getChannelSecrets: () =>
        Promise.resolve({
          id: 'wa-main',
          companyId: 13,
          kind: '360dialog-cloud' as const,
          baseUrl: redirecting.url,
          apiKey: API_KEY,
          callbackSecret: SECRET,
          active: true,
          sendRatePerSecond: 80,
        }),
      markCallbacksRegistered: () => Promise.reject(new Error('must not be marked')),
    };
    const error = await registerCallbacks('wa-main', {
      store,
      publicBaseUrl: 'https://wa.example.com',
      logger: createMemoryLogger(),
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CallbackRegistrationError);
    expect((error as CallbackRegistrationError).upstreamStatus).toBe(307);
    expect(stranger.requests).toEqual([]);
  });

  it('a branch hook answered 302 fails (and is retried), and its credentials go nowhere else', async () => {
    const { redirecting, stranger } = await redirectToStranger(302);
    const withCredentials = redirecting.url.replace('http://', 'http://crm:hook-password@') + '/hook';
    await expect(postBranchHook(withCredentials, body, fetch, 2000)).rejects.toThrow(
      'branch hook answered HTTP 302',
    );
    expect(redirecting.requests[0]?.headers.authorization).toMatch(/^Basic /);
    expect(stranger.requests).toEqual([]);
  });
});

describe('branch-hook credentials from the store', () => {
  const activitiesWith = (stored: string | undefined) =>
    createActivities({
      channels: { getChannelSecrets: () => Promise.resolve(undefined) },
      client: {} as Client,
      // The hook activity touches no task row: a store that fails loudly proves it.
      store: new Proxy({}, { get: () => () => Promise.reject(new Error('store not expected')) }) as never,
      logger: createMemoryLogger(),
      hookCredentials: { getBranchHookUrl: () => Promise.resolve(stored) },
    });

  it('sends the stored credentials for the URL the task names, which carries none', async () => {
    const hook = await startLocalServer(() => ({ status: 204 }));
    servers.push(hook);
    const url = `${hook.url}/hook`;
    const stored = url.replace('http://', 'http://crm:hook-password@');
    await activitiesWith(stored).postBranchHook({ url, body, slotId: 'order-shipped', branch: 'success' });
    const expected = `Basic ${Buffer.from('crm:hook-password').toString('base64')}`;
    expect(hook.requests[0]?.headers.authorization).toBe(expected);
  });

  it('sends no credentials when the stored hook is another URL (retrained since the task started)', async () => {
    const hook = await startLocalServer(() => ({ status: 204 }));
    servers.push(hook);
    await activitiesWith('https://crm:hook-password@elsewhere.example/hook').postBranchHook({
      url: `${hook.url}/hook`,
      body,
      slotId: 'order-shipped',
      branch: 'success',
    });
    expect(hook.requests[0]?.headers.authorization).toBeUndefined();
  });
});
