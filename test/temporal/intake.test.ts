/**
 * SPEC section 3, row by row and in order, over real HTTP against the service's whole app, a real
 * Temporal dev server, the embedded store and the 360dialog mock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundle, devServerEnv } from './support/environments.js';
import { ServiceHarness } from './support/service-harness.js';
import { WORKFLOWS_PATH } from '../../worker/create-worker.js';
import { freePort } from '../../embedded/temporal/free-port.js';

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundleWithSourceMap;
let h: ServiceHarness;
let webhook: string;
let phone = 79291600000;

const nextPhone = () => String((phone += 1));
const expectStatus = async (response: Response, http: number, status: string) => {
  expect(response.status).toBe(http);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({ status });
};

beforeAll(async () => {
  env = await devServerEnv();
  workflowBundle = await bundle(WORKFLOWS_PATH);
  h = await ServiceHarness.start(env, workflowBundle);
  const configured = await h.configure(13);
  const trained = await h.store.trainAgent(configured.agent.id);
  expect(trained.outcome).toBe('trained');
  webhook = configured.slot.webhook;
});
afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

describe('SPEC section 3: the mailing request, row by row', () => {
  it('row 1: a method other than POST → 405 "Method not allowed" with Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${h.baseUrl}/notification/${webhook}/chat`, { method });
      expect(response.headers.get('allow')).toBe('POST');
      await expectStatus(response, 405, 'Method not allowed');
    }
  });

  it('row 2: a malformed webhook or an unknown company → 404 "Company not found"', async () => {
    await expectStatus(await h.post('not-a-webhook', {}), 404, 'Company not found');
    await expectStatus(await h.post('999::9de6d0fbc9a547659457a0f7a0e21eda', {}), 404, 'Company not found');
  });

  it('row 3: over the company rate limit → 429 "Too many requests" with Retry-After', async () => {
    const limited = await h.configure(14, { rateLimitPerSecond: 2 });
    expect((await h.store.trainAgent(limited.agent.id)).outcome).toBe('trained');
    const body = { phone_number: nextPhone() };
    // At once: the bucket is charged before the (slow, on a busy machine) row insert and start, so
    // sequential requests could see it refilled between them.
    const answers = await Promise.all([1, 2, 3].map(() => h.post(limited.slot.webhook, body)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    const limitedAnswer = answers.find((r) => r.status === 429);
    expect(limitedAnswer?.headers.get('retry-after')).toBe('1');
    expect(await limitedAnswer?.json()).toEqual({ status: 'Too many requests' });
  });

  it('row 4: Content-Type other than application/json → 400; charset parameters are fine', async () => {
    const wrong = await fetch(`${h.baseUrl}/notification/${webhook}/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ phone_number: nextPhone() }),
    });
    await expectStatus(wrong, 400, 'Content-Type must be application/json');
    const missing = await fetch(`${h.baseUrl}/notification/${webhook}/chat`, { method: 'POST', body: '{}' });
    await expectStatus(missing, 400, 'Content-Type must be application/json');
    const charset = await h.post(
      webhook,
      { phone_number: nextPhone() },
      { 'Content-Type': 'Application/JSON; charset=utf-8' },
    );
    expect(charset.status).toBe(200);
  });

  it('a body over 1 MiB → 413 "Payload too large"', async () => {
    const big = JSON.stringify({ phone_number: nextPhone(), blob: 'x'.repeat(1024 * 1024) });
    await expectStatus(await h.post(webhook, big), 413, 'Payload too large');
  });

  it('row 5: invalid JSON or a non-object → 400 "Invalid JSON"', async () => {
    for (const body of ['{"phone_number": ', '[1, 2]', '"text"', 'null', '']) {
      await expectStatus(await h.post(webhook, body), 400, 'Invalid JSON');
    }
  });

  it('row 6: no trained slot with this webhook → 404 "Notification not found"', async () => {
    await expectStatus(
      await h.post('13::00000000000000000000000000000000', { phone_number: nextPhone() }),
      404,
      'Notification not found',
    );
    const untrained = await h.configure(15);
    await expectStatus(
      await h.post(untrained.slot.webhook, { phone_number: nextPhone() }),
      404,
      'Notification not found',
    );
  });

  it('row 7: the slot\'s channel is inactive or deleted → 404 "There is no active channel for received event"', async () => {
    const other = await h.configure(16);
    expect((await h.store.trainAgent(other.agent.id)).outcome).toBe('trained');
    await h.store.updateChannel(other.channel.id, { active: false });
    const text = 'There is no active channel for received event';
    await expectStatus(await h.post(other.slot.webhook, { phone_number: nextPhone() }), 404, text);
    await h.store.deleteChannel(other.channel.id);
    await expectStatus(await h.post(other.slot.webhook, { phone_number: nextPhone() }), 404, text);
  });

  it('row 8: recipient id missing or invalid → 400 "Recipient ID not found or invalid."', async () => {
    const text = 'Recipient ID not found or invalid.';
    for (const phone_number of [
      undefined,
      79291642944,
      '7929164',
      '7'.repeat(19),
      '+',
      '79-29-164-29-44',
      ' 79291642944',
    ]) {
      await expectStatus(await h.post(webhook, { phone_number }), 400, text);
    }
    expect((await h.post(webhook, { phone_number: `+${nextPhone()}` })).status).toBe(200);
    expect((await h.post(webhook, { phone_number: '1'.repeat(18) })).status).toBe(200);
  });

  it('row 9: is_urgent present but not a boolean → 400 "is_urgent must be a boolean"', async () => {
    for (const is_urgent of ['true', 1, null, {}]) {
      await expectStatus(
        await h.post(webhook, { phone_number: nextPhone(), is_urgent }),
        400,
        'is_urgent must be a boolean',
      );
    }
  });

  it('row 10: accepted → 200 "Accepted for execution" with the task_id of a started workflow', async () => {
    const response = await h.post(webhook, {
      phone_number: nextPhone(),
      is_urgent: true,
      extra: { foo: 42 },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; task_id: string };
    expect(body.status).toBe('Accepted for execution');
    expect(Object.keys(body)).toEqual(['status', 'task_id']);
    const description = await env.client.workflow.getHandle(body.task_id).describe();
    expect(description.type).toBe('taskWorkflow');
  });
});

describe('SPEC section 3: the order of the checks', () => {
  it('answers the first failing row: company before content type, content type before slot, slot before recipient', async () => {
    const notJson = (hook: string) =>
      fetch(`${h.baseUrl}/notification/${hook}/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: 'x',
      });
    await expectStatus(await notJson('999::9de6d0fbc9a547659457a0f7a0e21eda'), 404, 'Company not found');
    await expectStatus(
      await notJson('13::00000000000000000000000000000000'),
      400,
      'Content-Type must be application/json',
    );
    await expectStatus(await h.post('13::00000000000000000000000000000000', '['), 400, 'Invalid JSON');
    await expectStatus(
      await h.post('13::00000000000000000000000000000000', { is_urgent: 'x' }),
      404,
      'Notification not found',
    );
    await expectStatus(await h.post(webhook, { is_urgent: 'x' }), 400, 'Recipient ID not found or invalid.');
  });
});

describe('accepted tasks', () => {
  it('runs an accepted request to the success branch and shows it at the task status URL', async () => {
    const recipient = nextPhone();
    const accepted = (await (
      await h.post(webhook, { phone_number: recipient, order_id: 'A-7', name: 'Anna' })
    ).json()) as {
      task_id: string;
    };
    const statusUrl = `${h.baseUrl}/notification/${webhook}/tasks/${accepted.task_id}`;
    let task: Record<string, unknown> = {};
    await expect
      .poll(
        async () => {
          task = (await (await fetch(statusUrl)).json()) as Record<string, unknown>;
          return task.branch;
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBe('success');
    expect(task).toMatchObject({
      task_id: accepted.task_id,
      status: 'delivered',
      description: 'success',
      is_urgent: false,
    });
    expect(task.message_id).toMatch(/^wamid\./);
    const [send] = await h.mock.control.requests({ path: '/messages', recipient });
    expect(send?.body).toMatchObject({
      to: `+${recipient}`,
      template: {
        name: 'order_shipped',
        components: [
          { type: 'header' },
          { type: 'body', parameters: [{ text: 'Anna' }, { text: 'A-7' }] },
          { type: 'button' },
        ],
      },
    });
  });

  it('answers 404 for an unknown task and for a task of another webhook', async () => {
    const unknown = await fetch(`${h.baseUrl}/notification/${webhook}/tasks/no-such-task`);
    await expectStatus(unknown, 404, 'Task not found');
    const accepted = (await (await h.post(webhook, { phone_number: nextPhone() })).json()) as {
      task_id: string;
    };
    const other = await fetch(
      `${h.baseUrl}/notification/13::00000000000000000000000000000000/tasks/${accepted.task_id}`,
    );
    await expectStatus(other, 404, 'Task not found');
  });

  it('returns the same task_id for a repeated Idempotency-Key and starts nothing new', async () => {
    const recipient = nextPhone();
    const send = () =>
      h.post(
        webhook,
        { phone_number: recipient, is_urgent: true },
        { 'Idempotency-Key': `order-${recipient}` },
      );
    const first = (await (await send()).json()) as { task_id: string };
    const second = (await (await send()).json()) as { task_id: string };
    expect(second.task_id).toBe(first.task_id);
    await env.client.workflow.getHandle(first.task_id).result();
    const third = (await (await send()).json()) as { task_id: string };
    expect(third.task_id).toBe(first.task_id);
    expect(await h.mock.control.requests({ path: '/messages', recipient })).toHaveLength(1);
  });

  it('answers 503 "Service unavailable" when Temporal cannot be reached, and starts nothing', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: 500 });
    const offline = await ServiceHarness.start(env, workflowBundle, new Client({ connection }));
    try {
      const { agent, slot } = await offline.configure(13);
      expect((await offline.store.trainAgent(agent.id)).outcome).toBe('trained');
      await expectStatus(
        await offline.post(slot.webhook, { phone_number: nextPhone() }),
        503,
        'Service unavailable',
      );
      expect(offline.logger.lines.some((l) => l.includes('task not started'))).toBe(true);
    } finally {
      await offline.stop();
      await connection.close();
    }
  });
});
