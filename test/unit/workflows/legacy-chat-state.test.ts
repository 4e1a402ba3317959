import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../../workflows/legacy/channel-events.js';
import {
  BUFFER_TTL_MS,
  ChatState,
  initialChatState,
  TURN_LEASE_MS,
} from '../../../workflows/legacy/chat-state.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const MIN = 60_000;
const chat = () => new ChatState('chat:wa-main:79291642944', initialChatState(900));
const arrival = (taskId: string, urgent = false) => ({ taskId, urgent, inactivityTimeoutSeconds: 900 });
const status = (messageId: string, s = 'delivered'): ChannelEvent => ({
  kind: 'status',
  messageId,
  recipientId: '79291642944',
  status: s,
  errorCodes: [],
  body: { statuses: [{ id: messageId, status: s }] },
});
const inbound = (contextMessageId?: string): ChannelEvent => ({
  kind: 'inbound',
  messageId: 'in-1',
  from: '79291642944',
  ...(contextMessageId ? { contextMessageId } : {}),
  body: { messages: [{ id: 'in-1' }] },
});

describe('chat rules: urgency and turns', () => {
  it('grants a non-urgent task at once when no dialog is active', () => {
    expect(chat().taskArrived(arrival('t1'), T0)).toEqual([{ kind: 'grant', taskId: 't1', context: {} }]);
  });

  it('holds a non-urgent task until the dialog closes', () => {
    const c = chat();
    c.openDialog(T0, 'inbound');
    expect(c.taskArrived(arrival('t1'), T0)).toEqual([]);
    expect(c.view().waiting).toEqual(['t1']);
    expect(c.closeDialog(T0 + MIN)).toEqual([{ kind: 'grant', taskId: 't1', context: {} }]);
  });

  it('closes the dialog by inactivity timeout and then releases the waiting task', () => {
    const c = chat();
    c.openDialog(T0, 'inbound');
    c.taskArrived(arrival('t1'), T0);
    expect(c.nextDeadline()).toBe(T0 + 15 * MIN);
    expect(c.tick(T0 + 15 * MIN - 1)).toEqual([]);
    expect(c.tick(T0 + 15 * MIN)).toEqual([{ kind: 'grant', taskId: 't1', context: {} }]);
    expect(c.view().dialog).toBeNull();
  });

  it('extends the dialog with each message from the recipient', () => {
    const c = chat();
    c.channelEvents([inbound()], T0);
    c.channelEvents([inbound()], T0 + 10 * MIN);
    expect(c.nextDeadline()).toBe(T0 + 25 * MIN);
  });

  it('runs an urgent task at once and interrupts the active dialog', () => {
    const c = chat();
    c.openDialog(T0, 'inbound');
    expect(c.taskArrived(arrival('u1', true), T0)).toEqual([{ kind: 'grant', taskId: 'u1', context: {} }]);
    expect(c.view().dialog).toBeNull();
  });

  it('sends an urgent task before the waiting tasks its interruption releases', () => {
    const c = chat();
    c.openDialog(T0, 'inbound');
    c.taskArrived(arrival('t1'), T0);
    expect(c.taskArrived(arrival('u1', true), T0)).toEqual([{ kind: 'grant', taskId: 'u1', context: {} }]);
    expect(c.taskSent({ taskId: 'u1', messageId: 'm1' }, T0)).toEqual([
      { kind: 'grant', taskId: 't1', context: {} },
    ]);
  });

  it('does not hold an urgent task back while a non-urgent one is sending', () => {
    const c = chat();
    c.taskArrived(arrival('t1'), T0);
    expect(c.taskArrived(arrival('u1', true), T0)).toEqual([{ kind: 'grant', taskId: 'u1', context: {} }]);
    expect(c.view().turnHolder).toBe('t1');
  });

  it('runs waiting non-urgent tasks one at a time in arrival order', () => {
    const c = chat();
    c.openDialog(T0, 'api');
    for (const id of ['t1', 't2', 't3']) c.taskArrived(arrival(id), T0);
    expect(c.closeDialog(T0)).toEqual([{ kind: 'grant', taskId: 't1', context: {} }]);
    expect(c.taskSent({ taskId: 't1', messageId: 'm1' }, T0)).toEqual([
      { kind: 'grant', taskId: 't2', context: {} },
    ]);
    expect(c.taskSent({ taskId: 't2' }, T0)).toEqual([{ kind: 'grant', taskId: 't3', context: {} }]);
    expect(c.view().waiting).toEqual([]);
  });

  it('does not queue a task twice when its arrival signal is repeated', () => {
    const c = chat();
    c.openDialog(T0, 'api');
    c.taskArrived(arrival('t1'), T0);
    c.taskArrived(arrival('t1'), T0);
    expect(c.view().waiting).toEqual(['t1']);
  });

  it('takes the turn back from a task that never reports after the lease', () => {
    const c = chat();
    c.taskArrived(arrival('t1'), T0);
    c.taskArrived(arrival('t2'), T0);
    expect(c.tick(T0 + TURN_LEASE_MS)).toEqual([{ kind: 'grant', taskId: 't2', context: {} }]);
  });

  it('hands tasks the context, including earlier results', () => {
    const c = chat();
    c.contextUpdated({ order: 'A-1' });
    c.taskResolved(
      { taskId: 't0', notification: { status: 'delivered', result: { description: 'success' } } },
      T0,
    );
    expect(c.taskArrived(arrival('t1'), T0)).toEqual([
      {
        kind: 'grant',
        taskId: 't1',
        context: { order: 'A-1', notification: { status: 'delivered', result: { description: 'success' } } },
      },
    ]);
  });
});

describe('chat rules: routing channel events', () => {
  it('routes a status to the task that sent the message', () => {
    const c = chat();
    c.taskSent({ taskId: 't1', messageId: 'm1' }, T0);
    expect(c.channelEvents([status('m1')], T0)).toEqual([
      { kind: 'deliver', taskId: 't1', event: status('m1') },
    ]);
  });

  it('buffers a status that arrives before its task registered, then delivers it', () => {
    const c = chat();
    expect(c.channelEvents([status('m1', 'sent')], T0)).toEqual([]);
    expect(c.taskSent({ taskId: 't1', messageId: 'm1' }, T0 + 5)).toEqual([
      { kind: 'deliver', taskId: 't1', event: status('m1', 'sent') },
    ]);
  });

  it('drops buffered statuses nobody claimed after a day', () => {
    const c = chat();
    c.channelEvents([status('m1')], T0);
    c.tick(T0 + BUFFER_TTL_MS);
    expect(c.taskSent({ taskId: 't1', messageId: 'm1' }, T0 + BUFFER_TTL_MS)).toEqual([]);
  });

  it('drops late duplicates for a resolved task instead of buffering them', () => {
    const c = chat();
    c.taskSent({ taskId: 't1', messageId: 'm1' }, T0);
    c.taskResolved({ taskId: 't1' }, T0);
    expect(c.channelEvents([status('m1', 'read')], T0)).toEqual([]);
    expect(c.data.buffered).toEqual([]);
  });

  it('routes a button reply to the task whose message it answers and opens the dialog', () => {
    const c = chat();
    c.taskSent({ taskId: 't1', messageId: 'm1' }, T0);
    c.taskSent({ taskId: 't2', messageId: 'm2' }, T0);
    expect(c.channelEvents([inbound('m2')], T0)).toEqual([
      { kind: 'deliver', taskId: 't2', event: inbound('m2') },
    ]);
    expect(c.view().dialog?.openedBy).toBe('inbound');
  });

  it('answers every waiting task with a plain message from the recipient', () => {
    const c = chat();
    c.taskSent({ taskId: 't1', messageId: 'm1' }, T0);
    c.taskSent({ taskId: 't2', messageId: 'm2' }, T0);
    expect(c.channelEvents([inbound()], T0)).toEqual([
      { kind: 'deliver', taskId: 't1', event: inbound() },
      { kind: 'deliver', taskId: 't2', event: inbound() },
    ]);
  });

  it('forwards everything, buffered events first, once it is an alias of another chat', () => {
    const c = chat();
    c.channelEvents([status('m1', 'sent')], T0);
    expect(c.aliasOf('chat:wa-main:5511999999999')).toEqual([
      { kind: 'forward', chatId: 'chat:wa-main:5511999999999', events: [status('m1', 'sent')] },
    ]);
    expect(c.channelEvents([status('m1', 'read')], T0)).toEqual([
      { kind: 'forward', chatId: 'chat:wa-main:5511999999999', events: [status('m1', 'read')] },
    ]);
  });
});
