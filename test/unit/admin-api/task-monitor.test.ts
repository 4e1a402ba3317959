import { beforeEach, describe, expect, it } from 'vitest';
import { insertTask } from '../../support/task-rows.js';
import { seed, slotBody, useApi } from './support/harness.js';

/** The task monitor's reads over the `tasks` table (CONTRACTS §2, §6). */
const h = useApi();

type Page = {
  tasks: { task_id: string; status: string; branch: string | null }[];
  next_cursor: string | null;
};
const base = { company_id: 13, agent_id: 'shop-bot', slot_id: 'order-shipped', channel_id: 'wa-main' };

describe('GET /admin/tasks', () => {
  beforeEach(async () => {
    await seed(h);
    expect(
      (await h.call('POST', '/admin/agents/shop-bot/slots', slotBody({ id: 'order-shipped' }))).status,
    ).toBe(201);
  });

  it('pages newest first with a keyset cursor, no row twice or skipped, microseconds and ties included', async () => {
    // 7 rows share one timestamp (ties broken by task_id); the rest differ by a microsecond.
    for (let i = 0; i < 23; i++) {
      const micro = String(i < 7 ? 0 : i).padStart(6, '0');
      await insertTask(h.db, {
        ...base,
        task_id: `t-${String(i).padStart(2, '0')}`,
        recipient: '79831249701',
        accepted_at: `2026-12-01T10:00:00.${micro}Z`,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await h.call('GET', `/admin/tasks?limit=5${query}`)).body as Page;
      seen.push(...page.tasks.map((t) => t.task_id));
      cursor = page.next_cursor;
    } while (cursor);
    const expected = Array.from({ length: 23 }, (_, i) => `t-${String(i).padStart(2, '0')}`).reverse();
    expect(seen).toEqual(expected);
  });

  it('filters by status, branch, recipient digits and time; a foreign cursor is a 400', async () => {
    await insertTask(h.db, {
      ...base,
      task_id: 'ok',
      recipient: '79831249701',
      status: 'delivered',
      branch: 'success',
      accepted_at: '2026-12-01T10:00:00Z',
    });
    await insertTask(h.db, {
      ...base,
      task_id: 'no',
      recipient: '4915112345678',
      status: 'no_account',
      branch: 'no_account',
      accepted_at: '2026-12-01T11:00:00Z',
    });
    await insertTask(h.db, {
      ...base,
      task_id: 'wait',
      recipient: '4915112345678',
      status: 'waiting',
      waiting_reason: 'dialog open',
      accepted_at: '2026-12-01T12:00:00Z',
    });
    const ids = async (q: string) =>
      ((await h.call('GET', `/admin/tasks?${q}`)).body as Page).tasks.map((t) => t.task_id);
    expect(await ids('branch=success')).toEqual(['ok']);
    expect(await ids('status=waiting')).toEqual(['wait']);
    expect(await ids('recipient=%2B49%20151%2012345678')).toEqual(['wait', 'no']);
    expect(await ids('from=2026-12-01T10:30:00Z&to=2026-12-01T12:00:00Z')).toEqual(['no']);
    expect(await ids('slot_id=order-shipped&company_id=13')).toEqual(['wait', 'no', 'ok']);
    expect((await h.call('GET', '/admin/tasks?cursor=bm9wZQ')).status).toBe(400);
    expect((await h.call('GET', '/admin/tasks?status=lost')).status).toBe(400);
  });

  it('counts a slot’s outcomes per hour: success, no account, fail, waiting', async () => {
    const at = (h_: number, m: number) =>
      `2026-12-01T${String(h_).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
    const rows: [string, string, string | null][] = [
      ['a', at(10, 5), 'success'],
      ['b', at(10, 50), 'success'],
      ['c', at(10, 59), 'fail'],
      ['d', at(11, 0), 'no_account'],
      ['e', at(11, 30), null],
    ];
    for (const [id, time, branch] of rows) {
      await insertTask(h.db, {
        ...base,
        task_id: id,
        recipient: '1234567890',
        branch,
        accepted_at: time,
        status: branch ? 'sent' : 'waiting',
      });
    }
    const reply = await h.call(
      'GET',
      '/admin/slots/order-shipped/outcomes?from=2026-12-01T09:00:00Z&to=2026-12-01T12:00:00Z',
    );
    expect(reply.body).toMatchObject({
      bucket: 'hour',
      buckets: [
        { start: '2026-12-01T10:00:00.000Z', success: 2, no_account: 0, fail: 1, waiting: 0 },
        { start: '2026-12-01T11:00:00.000Z', success: 0, no_account: 1, fail: 0, waiting: 1 },
      ],
    });
  });

  it('shows one task with its full recipient, and 404 for an unknown one', async () => {
    await insertTask(h.db, {
      ...base,
      task_id: 'x',
      recipient: '79831249701',
      channel_response: { messages: [{ id: 'wamid.1' }] },
    });
    expect((await h.call('GET', '/admin/tasks/x')).body).toMatchObject({
      recipient: '79831249701',
      channel_response: { messages: [{ id: 'wamid.1' }] },
    });
    expect((await h.call('GET', '/admin/tasks/nope')).status).toBe(404);
  });
});
