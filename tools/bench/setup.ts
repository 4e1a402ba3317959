import { randomUUID } from 'node:crypto';
import { CALLBACK_SECRET_HEADER } from '../../api/callbacks/callback-routes.js';
import type { Store } from '../../store/index.js';
import type { Mock360dialog } from '../mock-360dialog/index.js';

/** A company without a practical rate limit, a Cloud channel on the mock, a trained slot; returns its webhook. */
export async function configureBenchSlot(deps: {
  store: Store;
  mock: Mock360dialog;
  baseUrl: string;
}): Promise<string> {
  const { store, mock, baseUrl } = deps;
  await store.createCompany({ id: 1, rateLimitPerSecond: 100_000 });
  const apiKey = `bench-${randomUUID()}`;
  const { channel } = await store.createChannel({
    companyId: 1,
    kind: '360dialog-cloud',
    baseUrl: mock.url,
    apiKey,
  });
  await mock.control.registerKey({ key: apiKey, flavour: 'cloud' });
  const secrets = await store.getChannelSecrets(channel.id);
  const registered = await fetch(`${mock.url}/v1/configs/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'D360-API-KEY': apiKey },
    body: JSON.stringify({
      url: `${baseUrl}/channels/${channel.id}/callbacks`,
      headers: { [CALLBACK_SECRET_HEADER]: secrets?.callbackSecret },
    }),
  });
  if (!registered.ok) throw new Error(`webhook registration failed: ${registered.status}`);
  const agent = await store.createAgent({ companyId: 1 });
  const slot = await store.createSlot({
    agentId: agent.id,
    settings: {
      name: 'Bench',
      destinationChannel: channel.id,
      parseRequestBody: [{ contextKey: 'order', requestKey: 'order_id' }],
      destination: {
        templateName: 'order_shipped',
        namespace: 'b2f1c0de_1111_2222_3333_444455556666',
        languageCode: 'en',
        templateParameters: [
          { type: 'image', value: 'https://cdn.example.com/{{ order }}.jpg' },
          { type: 'body', value: 'friend' },
          { type: 'body', value: '{{ order }}' },
          { type: 'button_url', value: '{{ order }}' },
        ],
      },
      branchHooks: {},
    },
  });
  const trained = await store.trainAgent(agent.id);
  if (trained.outcome !== 'trained') throw new Error('bench slot did not train');
  return slot.webhook;
}
