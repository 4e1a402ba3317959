/**
 * The chat entity's rules (workflows/chat-state.ts): urgency, FIFO of waiting tasks, the dialog's
 * inactivity timeout, the turn lease, and when a chat has nothing pending (so its workflow may end).
 */
import { describe, expect, it } from 'vitest';
import { ChatState, initialChatState, TURN_LEASE_MS } from '../../../workflows/chat-state.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const MIN = 60_000;
const chat = () => new ChatState('chat:wa-main:79291642944', initialChatState(900));
const arrival = (taskId: string, urgent = false) => ({ taskId, urgent, inactivityTimeoutSeconds: 900 });

describe('chat entity rules', () => {
  it('grants a non-urgent task at once when nothing is pending, and holds the next until taskSent', () => {
    const c = chat();
    expect(c.taskArrived(arrival('a'), T0)).toEqual({ answer: { granted: true }, grants: [] });
    expect(c.taskArrived(arrival('b'), T0).answer.granted).toBe(false);
    expect(c.taskSent('a', T0 + 1)).toEqual(['b']);
    expect(c.view().turnHolder).toBe('b');
    expect(c.taskSent('b', T0 + 2)).toEqual([]);
    expect(c.idle()).toBe(true);
  });

  it('queues non-urgent tasks while a dialog is open and releases them in arrival order', () => {
    const c = chat();
    c.openDialog(T0, 'inbound');
    for (const id of ['a', 'b', 'c']) {
      expect(c.taskArrived(arrival(id), T0).answer).toEqual({ granted: false, reason: 'dialog open' });
    }
    expect(c.view().waiting).toEqual(['a', 'b', 'c']);
    expect(c.closeDialog(T0 + MIN)).toEqual(['a']);
    expect(c.taskSent('a', T0 + MIN)).toEqual(['b']);
    expect(c.taskSent('b', T0 + MIN)).toEqual(['c']);
  });

  it('answers a repeated arrival the same way and queues it once', () => {
    const c = chat();
    c.openDialog(T0, 'api');
    c.taskArrived(arrival('a'), T0);
    expect(c.taskArrived(arrival('a'), T0).answer.granted).toBe(false);
    expect(c.view().waiting).toEqual(['a']);
    expect(c.closeDialog(T0)).toEqual(['a']);
    expect(c.taskArrived(arrival('a'), T0).answer.granted).toBe(true);
  });

  it('lets an urgent task interrupt the dialog, run at once and go before the released queue', () => {
    const c = chat();
    c.openDialog(T0, 'inbound');
    c.taskArrived(arrival('waiting'), T0);
    const urgent = c.taskArrived(arrival('urgent', true), T0 + 1);
    expect(urgent).toEqual({ answer: { granted: true }, grants: [] });
    expect(c.view()).toMatchObject({ dialog: null, turnHolder: 'urgent', waiting: ['waiting'] });
    expect(c.taskSent('urgent', T0 + 2)).toEqual(['waiting']);
  });

  it('closes the dialog after the inactivity timeout, counted from the last activity', () => {
    const c = chat();
    c.openDialog(T0, 'inbound');
    c.openDialog(T0 + 10 * MIN, 'inbound');
    c.taskArrived(arrival('a'), T0 + 10 * MIN);
    expect(c.nextDeadline()).toBe(T0 + 25 * MIN);
    expect(c.tick(T0 + 24 * MIN)).toEqual([]);
    expect(c.tick(T0 + 25 * MIN)).toEqual(['a']);
  });

  it('takes the turn back from a holder that never reports after the lease', () => {
    const c = chat();
    c.taskArrived(arrival('silent'), T0);
    c.taskArrived(arrival('next'), T0);
    expect(c.nextDeadline()).toBe(T0 + TURN_LEASE_MS);
    expect(c.tick(T0 + TURN_LEASE_MS)).toEqual(['next']);
  });

  it('is idle only with no dialog, no waiting task and no turn holder', () => {
    const c = chat();
    expect(c.idle()).toBe(true);
    c.openDialog(T0, 'api', 60);
    expect(c.idle()).toBe(false);
    expect(c.nextDeadline()).toBe(T0 + MIN);
    c.tick(T0 + MIN);
    expect(c.idle()).toBe(true);
  });
});
