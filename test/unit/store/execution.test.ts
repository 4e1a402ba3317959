/**
 * The execution tables on both engines: task rows, atomic chat-context merges, message routes that
 * never lose a status whichever of send and callback comes first, and chat aliases.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../../workflows/channel-events.js';
import type { NewTask } from '../../../store/index.js';
import { ENGINES, useStore, type Engine } from './support/engines.js';

const task = (taskId: string, overrides: Partial<NewTask> = {}): NewTask => ({
  taskId,
  companyId: 13,
  agentId: 'shop-bot',
  slotId: 'order-shipped',
  webhook: '13::abc',
  channelId: 'wa-main',
  chatId: 'chat:wa-main:79290001',
  recipient: '79290001',
  urgent: false,
  acceptedAt: new Date('2026-12-01T10:00:00Z'),
  ...overrides,
});

const status = (messageId: string, value: string): ChannelEvent => ({
  kind: 'status',
  messageId,
  recipientId: '79290001',
  status: value,
  errorCodes: [],
  body: { statuses: [{ id: messageId, status: value }] },
});

describe.each(ENGINES)('execution store on the $name engine', (engine: Engine) => {
  const h = useStore(engine);

  it('inserts a task once, updates only the given fields, and deletes it', async () => {
    expect(await h.store.insertTask(task('t1'))).toBe(true);
    expect(await h.store.insertTask(task('t1', { urgent: true }))).toBe(false);
    expect(
      await h.store.updateTask('t1', { status: 'sent', messageId: 'wamid.1', channelResponse: { a: [1] } }),
    ).toBe(true);
    await h.store.updateTask('t1', { description: 'received by channel' });
    // A missing row is reported, not silently skipped (resolveTask logs it).
    expect(await h.store.updateTask('no-such-task', { status: 'failed' })).toBe(false);
    expect(await h.store.getTask('no-such-task')).toBeUndefined();
    const row = await h.store.getTask('t1');
    expect(row).toMatchObject({
      status: 'sent',
      urgent: false,
      messageId: 'wamid.1',
      channelResponse: { a: [1] },
      description: 'received by channel',
      branch: null,
    });
    expect(row?.acceptedAt.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(await h.store.sentTaskIds('chat:wa-main:79290001')).toEqual(['t1']);
    await h.store.deleteTask('t1');
    expect(await h.store.getTask('t1')).toBeUndefined();
  });

  it('keeps a task’s workflow input as an outbox entry until its start is confirmed', async () => {
    const input = { taskId: 'o1', data: { order_id: 'A-1', name: 'Анна' }, urgent: true };
    await h.store.insertTask(task('o1', { acceptedAt: new Date('2026-12-01T10:00:00Z') }), input);
    await h.store.insertTask(task('o2', { acceptedAt: new Date('2026-12-01T10:00:05Z') }), { taskId: 'o2' });
    await h.store.insertTask(task('o3', { acceptedAt: new Date('2026-12-01T09:00:00Z') })); // no outbox entry
    // Oldest first, only those accepted before the bound, the input as it was written.
    expect(await h.store.pendingStarts(new Date('2026-12-01T10:00:06Z'), 10)).toEqual([
      { taskId: 'o1', input },
      { taskId: 'o2', input: { taskId: 'o2' } },
    ]);
    expect(await h.store.pendingStarts(new Date('2026-12-01T10:00:01Z'), 10)).toEqual([
      { taskId: 'o1', input },
    ]);
    expect(await h.store.pendingStarts(new Date('2026-12-01T10:00:06Z'), 1)).toHaveLength(1);
    await h.store.startConfirmed(['o1', 'no-such-task']);
    await h.store.startConfirmed([]);
    expect(await h.store.pendingStarts(new Date('2026-12-01T10:00:06Z'), 10)).toEqual([
      { taskId: 'o2', input: { taskId: 'o2' } },
    ]);
    // A confirmed task is an ordinary row.
    expect(await h.store.getTask('o1')).toMatchObject({ taskId: 'o1', status: 'accepted' });
  });

  it('resolves a task whose start was refused as not built, and only while it is in the outbox', async () => {
    await h.store.insertTask(task('r1'), { taskId: 'r1' });
    await h.store.startRefused('r1', 'Temporal refused to start the task: too large');
    expect(await h.store.pendingStarts(new Date('2026-12-02T00:00:00Z'), 10)).toEqual([]);
    const row = await h.store.getTask('r1');
    expect(row).toMatchObject({
      status: 'failed',
      branch: 'fail',
      description: 'failed to build request',
      detail: 'Temporal refused to start the task: too large',
    });
    expect(row?.resolvedAt).toBeInstanceOf(Date);
    // A task already started (its outbox entry done) is the workflow's to resolve: untouched.
    await h.store.insertTask(task('r2'), { taskId: 'r2' });
    await h.store.startConfirmed(['r2']);
    await h.store.startRefused('r2', 'late');
    expect(await h.store.getTask('r2')).toMatchObject({ status: 'accepted', branch: null, detail: null });
  });

  it('claims the wire for one attempt of a send (activities/send-claim.ts)', async () => {
    await h.store.insertTask(task('t1'));
    const claim = (activity: number, attempt: number) => h.store.claimSend('t1', { activity, attempt });
    expect(await claim(1, 1)).toBe('claimed');
    expect(await claim(1, 1)).toBe('claimed'); // the holder asking again
    // A retried attempt of the same activity: the first may have sent.
    expect(await claim(1, 2)).toBe('taken');
    // A later send activity (after a "not now") takes over; the earlier one's attempts never come back.
    expect(await claim(2, 1)).toBe('claimed');
    expect(await claim(1, 1)).toBe('taken');
    expect(await claim(1, 3)).toBe('taken');
    expect(await claim(2, 2)).toBe('taken');
    expect(await h.store.claimSend('no-such-task', { activity: 1, attempt: 1 })).toBe('no-task');
    // Another task's claim is its own.
    await h.store.insertTask(task('t2'));
    expect(await h.store.claimSend('t2', { activity: 1, attempt: 2 })).toBe('claimed');
  });

  it('gives the wire to exactly one of many attempts claiming at once', async () => {
    await h.store.insertTask(task('t1'));
    const outcomes = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((attempt) => h.store.claimSend('t1', { activity: 3, attempt })),
    );
    expect(outcomes.filter((o) => o === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'taken')).toHaveLength(5);
  });

  it('merges chat contexts atomically, concurrent writers included', async () => {
    const chat = { chatId: 'chat:wa-main:1', channelId: 'wa-main', recipient: '1' };
    expect(await h.store.getChatContext(chat.chatId)).toEqual({});
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.store.mergeChatContext(chat, { [`k${i}`]: i }, 600)),
    );
    const merged = await h.store.mergeChatContext(chat, { k0: 'again' });
    expect(Object.keys(merged)).toHaveLength(10);
    expect(merged.k0).toBe('again');
    expect(await h.store.getChatInactivityTimeout(chat.chatId)).toBe(600);
  });

  it('keeps a status that arrives before the send is recorded and hands it to the send', async () => {
    expect(await h.store.routeStatus('wa-main', 'm1', status('m1', 'read'))).toBeUndefined();
    expect(await h.store.routeStatus('wa-main', 'm1', status('m1', 'sent'))).toBeUndefined();
    const early = await h.store.routeMessage('wa-main', 'm1', 't1');
    expect(early.map((e) => (e.kind === 'status' ? e.status : ''))).toEqual(['read', 'sent']);
    // After the route exists a status only learns its task; nothing more is kept.
    expect(await h.store.routeStatus('wa-main', 'm1', status('m1', 'delivered'))).toBe('t1');
    expect(await h.store.messageTask('wa-main', 'm1')).toBe('t1');
    expect(await h.store.messageTask('wa-main', 'other')).toBeUndefined();
  });

  it('never loses a status racing the send record', async () => {
    for (let i = 0; i < 20; i++) {
      const id = `race-${i}`;
      const [routed, early] = await Promise.all([
        h.store.routeStatus('wa-main', id, status(id, 'sent')),
        h.store.routeMessage('wa-main', id, `t-${i}`),
      ]);
      expect(routed === `t-${i}` || early.length === 1).toBe(true);
    }
  });

  it('resolves chat aliases', async () => {
    expect(await h.store.resolveChat('chat:wa-main:5579')).toBe('chat:wa-main:5579');
    await h.store.addChatAlias('chat:wa-main:5579', 'chat:wa-main:79');
    expect(await h.store.resolveChat('chat:wa-main:5579')).toBe('chat:wa-main:79');
  });
});
