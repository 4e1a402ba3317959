import type { Client } from '@temporalio/client';
import { beforeEach, describe, expect, it } from 'vitest';
import { insertTask } from '../../support/task-rows.js';
import { slotBody, useApi, type ApiHarness } from './support/harness.js';

/**
 * Issue 12: a company token sees and changes only its company. Every admin route is called with
 * company 13's token on company 14's resources: each answers 404 (403 where only the admin may act),
 * and company 14's data, as the admin reads it afterwards, is byte-for-byte what it was.
 */

/** Reached only if a request got past the scope guard: the chat routes would call Temporal. */
let temporalCalls = 0;
const reachTemporal = () => {
  temporalCalls++;
  throw new Error('reached Temporal');
};
// Counts any call to Temporal: a company token must be refused before one is made.
const fakeClient = {
  workflow: { getHandle: reachTemporal, signalWithStart: reachTemporal },
} as unknown as Client;
let fetchCalls = 0;
const h = useApi({
  client: fakeClient,
  fetch: () => {
    fetchCalls++;
    return Promise.resolve(new Response('{}', { status: 200 }));
  },
});

async function company(h: ApiHarness, id: number, suffix: string): Promise<void> {
  const steps: [string, unknown][] = [
    ['/admin/companies', { id }],
    [
      `/admin/companies/${id}/channels`,
      { id: `ch-${suffix}`, kind: '360dialog-cloud', api_key: `key-${suffix}` },
    ],
    [`/admin/companies/${id}/agents`, { id: `bot-${suffix}` }],
    [
      `/admin/agents/bot-${suffix}/slots`,
      slotBody({ id: `slot-${suffix}`, destination_channel: `ch-${suffix}` }),
    ],
  ];
  for (const [path, body] of steps) expect((await h.call('POST', path, body)).status).toBe(201);
  expect((await h.call('POST', `/admin/agents/bot-${suffix}/train`)).status).toBe(200);
  await insertTask(h.db, {
    task_id: `task-${suffix}`,
    company_id: id,
    agent_id: `bot-${suffix}`,
    slot_id: `slot-${suffix}`,
    channel_id: `ch-${suffix}`,
    recipient: id === 13 ? '79831249701' : '4915112345678',
    status: 'sent',
    branch: 'success',
  });
}

async function tokenFor(h: ApiHarness, companyId: number, role: 'editor' | 'viewer'): Promise<string> {
  const reply = await h.call('POST', `/admin/companies/${companyId}/tokens`, { role, label: role });
  expect(reply.status).toBe(201);
  return (reply.body as { token: string }).token;
}

/** Everything of company 14 the admin can read; compared before and after the attempts. */
async function companyB(h: ApiHarness): Promise<string> {
  const paths = [
    '/admin/companies/14',
    '/admin/companies/14/channels',
    '/admin/companies/14/agents',
    '/admin/agents/bot-b/slots',
    '/admin/agents/bot-b/trainings/1',
    '/admin/companies/14/tokens',
    '/admin/tasks/task-b',
  ];
  const replies = await Promise.all(paths.map((p) => h.call('GET', p)));
  const trainings = await h.call('GET', '/admin/agents/bot-b/trainings/2');
  return JSON.stringify([...replies.map((r) => [r.status, r.body]), trainings.status]);
}

const newSlot = slotBody({ id: 'slot-x', destination_channel: 'ch-b' });
/** [method, path, body, expected status]: every admin route, aimed at company 14. */
const FOREIGN: [string, string, unknown, number][] = [
  ['POST', '/admin/companies', { id: 15 }, 403],
  ['GET', '/admin/companies/14', undefined, 404],
  ['PATCH', '/admin/companies/14', { rate_limit_per_second: 5 }, 404],
  ['POST', '/admin/companies/14/channels', { id: 'ch-x', kind: '360dialog-cloud', api_key: 'k' }, 404],
  ['GET', '/admin/companies/14/channels', undefined, 404],
  ['GET', '/admin/channels/ch-b', undefined, 404],
  ['PATCH', '/admin/channels/ch-b', { active: false, api_key: 'stolen' }, 404],
  ['DELETE', '/admin/channels/ch-b', undefined, 404],
  ['POST', '/admin/channels/ch-b/register-callbacks', undefined, 404],
  ['GET', '/admin/channels/ch-b/chats/4915112345678', undefined, 404],
  ['POST', '/admin/channels/ch-b/chats/4915112345678/dialog/open', {}, 404],
  ['POST', '/admin/channels/ch-b/chats/4915112345678/dialog/close', undefined, 404],
  ['GET', '/admin/channels/ch-b/templates', undefined, 404],
  ['POST', '/admin/companies/14/agents', { id: 'bot-x' }, 404],
  ['GET', '/admin/companies/14/agents', undefined, 404],
  ['GET', '/admin/agents/bot-b', undefined, 404],
  ['PATCH', '/admin/agents/bot-b', { inactivity_timeout_seconds: 60 }, 404],
  ['POST', '/admin/agents/bot-b/train', undefined, 404],
  ['GET', '/admin/agents/bot-b/trainings/1', undefined, 404],
  ['POST', '/admin/agents/bot-b/slots', newSlot, 404],
  ['GET', '/admin/agents/bot-b/slots', undefined, 404],
  ['GET', '/admin/slots/slot-b', undefined, 404],
  ['PUT', '/admin/slots/slot-b', slotBody({ name: 'Hijacked', destination_channel: 'ch-b' }), 404],
  ['PATCH', '/admin/slots/slot-b', { name: 'Hijacked' }, 404],
  ['DELETE', '/admin/slots/slot-b', undefined, 404],
  ['POST', '/admin/slots/slot-b/generate-webhook', undefined, 404],
  ['POST', '/admin/slots/slot-b/preview', { order_id: 1 }, 404],
  ['GET', '/admin/slots/slot-b/outcomes', undefined, 404],
  ['POST', '/admin/companies/14/tokens', { role: 'editor' }, 404],
  ['GET', '/admin/companies/14/tokens', undefined, 404],
  ['DELETE', '/admin/companies/14/tokens/tok-000000000000', undefined, 404],
  ['GET', '/admin/tasks?company_id=14', undefined, 404],
  ['GET', '/admin/tasks/task-b', undefined, 404],
];

describe('a company token', () => {
  let editor = '';
  beforeEach(async () => {
    await company(h, 13, 'a');
    await company(h, 14, 'b');
    editor = await tokenFor(h, 13, 'editor');
    temporalCalls = 0;
    fetchCalls = 0;
  });

  it('can neither read nor change another company through any admin route', async () => {
    const before = await companyB(h);
    for (const [method, path, body, status] of FOREIGN) {
      const reply = await h.call(method, path, body, { Authorization: `Bearer ${editor}` });
      expect({ method, path, status: reply.status }).toEqual({ method, path, status });
      expect(reply.text).not.toMatch(/ch-b|bot-b|slot-b|task-b|4915112345678/);
    }
    expect(await companyB(h)).toBe(before);
    expect({ temporalCalls, fetchCalls }).toEqual({ temporalCalls: 0, fetchCalls: 0 });
  });

  it('lists only its own company and its own tasks, recipients masked', async () => {
    const auth = { Authorization: `Bearer ${editor}` };
    expect((await h.call('GET', '/admin/companies', undefined, auth)).body).toMatchObject({
      companies: [{ id: 13 }],
    });
    const tasks = (await h.call('GET', '/admin/tasks', undefined, auth)).body as {
      tasks: { task_id: string; recipient: string }[];
    };
    expect(tasks.tasks.map((t) => [t.task_id, t.recipient])).toEqual([['task-a', '798•••••701']]);
    const bySlot = await h.call('GET', '/admin/tasks?slot_id=slot-b', undefined, auth);
    expect(bySlot.body).toEqual({ tasks: [], next_cursor: null });
  });

  it('reads and changes its own company with the same routes', async () => {
    const auth = { Authorization: `Bearer ${editor}` };
    expect((await h.call('GET', '/admin/channels/ch-a', undefined, auth)).status).toBe(200);
    expect((await h.call('PATCH', '/admin/slots/slot-a', { name: 'Renamed' }, auth)).status).toBe(200);
    expect((await h.call('POST', '/admin/agents/bot-a/train', undefined, auth)).status).toBe(200);
    const task = await h.call('GET', '/admin/tasks/task-a', undefined, auth);
    expect(task.body).toMatchObject({ task_id: 'task-a', recipient: '79831249701', branch: 'success' });
    expect((await h.call('GET', '/admin/companies/13/tokens', undefined, auth)).status).toBe(403);
  });

  it('as a viewer reads but cannot write (403, nothing changed)', async () => {
    const viewer = { Authorization: `Bearer ${await tokenFor(h, 13, 'viewer')}` };
    expect((await h.call('GET', '/admin/slots/slot-a', undefined, viewer)).status).toBe(200);
    const patch = await h.call('PATCH', '/admin/slots/slot-a', { name: 'Renamed' }, viewer);
    expect(patch.status).toBe(403);
    expect((await h.call('GET', '/admin/slots/slot-a')).body).toMatchObject({ name: 'Order shipped' });
  });

  it('stops working when revoked, and its hash is all the store keeps', async () => {
    const list = (await h.call('GET', '/admin/companies/13/tokens')).body as { tokens: { id: string }[] };
    const id = list.tokens[0]!.id;
    expect(JSON.stringify(list)).not.toContain(editor);
    const { rows } = await h.db.query('SELECT token_hash FROM company_tokens WHERE id = $1', [id]);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(editor);
    expect((await h.call('DELETE', `/admin/companies/13/tokens/${id}`)).status).toBe(204);
    const after = await h.call('GET', '/admin/companies', undefined, { Authorization: `Bearer ${editor}` });
    expect(after.status).toBe(401);
  });
});
