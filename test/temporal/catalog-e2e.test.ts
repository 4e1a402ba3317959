/**
 * Issue 10 end to end: the service's whole app in-process on a real Temporal dev server, the
 * embedded store, the 360dialog mock as the channel (templates, sends and status callbacks). A slot
 * that does not fit its template is refused at training with the template's words; fixed, it trains
 * and a mailing request reaches the success branch through the mock's status callback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CALLBACK_SECRET_HEADER } from '../../api/callbacks/callback-routes.js';
import { WORKFLOWS_PATH } from '../../worker/create-worker.js';
import { bundle, devServerEnv } from './support/environments.js';
import { ADMIN_TOKEN, ServiceHarness } from './support/service-harness.js';

const KEY = 'catalog-e2e-key';
const SECRET = 'catalog-e2e-callback-secret-0123456789';
let env: TestWorkflowEnvironment;
let h: ServiceHarness;

const admin = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${h.baseUrl}/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const parameters = (bodies: number) => [
  { type: 'image', value: 'https://cdn.example.com/orders/{{ order }}.jpg' },
  ...Array.from({ length: bodies }, (_, i) => ({
    type: 'body',
    value: i === 0 ? '{{ data.name }}' : '{{ order }}',
  })),
  { type: 'button_url', value: '{{ order }}' },
];

beforeAll(async () => {
  env = await devServerEnv();
  h = await ServiceHarness.start(env, await bundle(WORKFLOWS_PATH));
  await h.mock.control.registerKey({ key: KEY, flavour: 'cloud' });
  await admin('POST', '/companies', { id: 31 });
  await admin('POST', '/companies/31/channels', {
    id: 'wa-catalog',
    kind: '360dialog-cloud',
    base_url: h.mock.url,
    api_key: KEY,
    callback_secret: SECRET,
  });
  await fetch(`${h.mock.url}/v1/configs/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'D360-API-KEY': KEY },
    body: JSON.stringify({
      url: `${h.baseUrl}/channels/wa-catalog/callbacks`,
      headers: { [CALLBACK_SECRET_HEADER]: SECRET },
    }),
  });
  await admin('POST', '/companies/31/agents', { id: 'catalog-bot' });
}, 180_000);
afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

describe('a slot that does not fit its template', () => {
  it('is refused at training with the template’s words; fixed, it trains and delivers', async () => {
    const saved = await admin('POST', '/agents/catalog-bot/slots', {
      id: 'shipped',
      name: 'Order shipped',
      destination_channel: 'wa-catalog',
      parse_request_body: [{ context_key: 'order', request_key: 'order_id' }],
      destination: {
        template_name: 'order_shipped',
        namespace: 'b2f1c0de_1111_2222_3333_444455556666',
        language_code: 'en',
        template_parameters: parameters(1),
      },
    });
    expect(saved.status).toBe(201);
    const words =
      "Template 'order_shipped' (en) has 2 body variables ({{1}}, {{2}}); the slot gives 1 body parameter (Template parameters)";
    expect(saved.body.template_check).toMatchObject({
      warnings: [{ message: words, blocks_training: true }],
    });

    const refused = await admin('POST', '/agents/catalog-bot/train');
    expect(refused).toEqual({
      status: 422,
      body: {
        status: 'Training failed',
        errors: [{ field: 'slots.shipped.destination.template_parameters', message: words }],
        warnings: [],
        live_version: null,
      },
    });
    const unserved = await h.post(saved.body.webhook as string, { phone_number: '79291643001' });
    expect(unserved.status).toBe(404);

    const fixed = await admin('PATCH', '/slots/shipped', {
      destination: { template_parameters: parameters(2) },
    });
    expect(fixed.body.template_check).toMatchObject({ warnings: [] });
    const trained = await admin('POST', '/agents/catalog-bot/train');
    expect(trained).toMatchObject({ status: 200, body: { version: 1, warnings: [] } });

    const webhook = saved.body.webhook as string;
    const accepted = await h.post(webhook, {
      phone_number: '79291643001',
      is_urgent: true,
      order_id: 'C-77',
      name: 'Chris',
    });
    expect(accepted.status).toBe(200);
    const { task_id: taskId } = (await accepted.json()) as { task_id: string };
    let task: Record<string, unknown> = {};
    await expect
      .poll(
        async () => {
          const response = await fetch(`${h.baseUrl}/notification/${webhook}/tasks/${taskId}`);
          task = (await response.json()) as Record<string, unknown>;
          return task.branch;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe('success');
    expect(task).toMatchObject({ status: 'delivered', description: 'success' });
    const sent = await h.mock.control.requests({ path: '/messages' });
    expect(sent.map((r) => (r.body as { template: { components: unknown[] } }).template.components)).toEqual([
      [
        {
          type: 'header',
          parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/orders/C-77.jpg' } }],
        },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Chris' },
            { type: 'text', text: 'C-77' },
          ],
        },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'C-77' }] },
      ],
    ]);
  });
});
