import { describe, expect, it } from 'vitest';
import {
  countRequests,
  duplicateSends,
  lostCallbacks,
  pendingCallbacks,
  recovery,
} from '../../../tools/chaos/report.js';
import type { DeliveryRecord, SentMessage } from '../../../tools/mock-360dialog/types.js';

const message = (task: string | null): SentMessage => ({
  id: `wamid.${Math.random()}`,
  key: 'k',
  flavour: 'cloud',
  input: '4915100000000',
  waId: '4915100000000',
  type: 'template',
  template: { name: 't', language: 'en' },
  category: 'utility',
  bizOpaqueCallbackData: task,
  sentAt: new Date().toISOString(),
});

const delivery = (deliveryId: number, attempt: number, ok: boolean): DeliveryRecord => ({
  seq: deliveryId * 100 + attempt,
  deliveryId,
  attempt,
  kind: 'status',
  key: 'k',
  url: 'http://127.0.0.1:1/cb',
  headers: {},
  body: {},
  rawBody: '{}',
  messageId: 'm',
  recipient: 'r',
  statuses: ['sent'],
  responseStatus: ok ? 200 : 503,
  error: null,
  ok,
  at: new Date().toISOString(),
  durationMs: 1,
});

describe('chaos report figures', () => {
  it('counts accepted, 503 and every other answer, including no answer', () => {
    const counts = countRequests([
      { at: 1, status: 200, taskId: 'a' },
      { at: 2, status: 503 },
      { at: 3, status: 'error' },
      { at: 4, status: 429 },
    ]);
    expect(counts).toEqual({
      sent: 4,
      accepted: 1,
      unavailable: 1,
      other: 2,
      others: { error: 1, '429': 1 },
    });
  });

  it('counts every extra copy of a task as a duplicate send, by the echoed task id', () => {
    expect(duplicateSends([message('a'), message('b'), message('a'), message('a'), message(null)])).toBe(2);
    expect(duplicateSends([message('a'), message('b')])).toBe(0);
  });

  it('calls a callback lost only when no attempt got a 200, and tells apart those still retrying', () => {
    const deliveries = [
      delivery(1, 1, false),
      delivery(1, 2, true),
      delivery(2, 1, false),
      delivery(3, 3, false),
    ];
    expect(lostCallbacks(deliveries)).toBe(2);
    expect(pendingCallbacks(deliveries, 3)).toBe(1);
  });

  it('measures recovery from the end of the fault to the first accepted request and the first send', () => {
    const fault = { name: 'x', start: 1000, end: 2000 };
    const r = recovery(
      fault,
      [
        { at: 1500, status: 200 },
        { at: 2600, status: 503 },
        { at: 3000, status: 200 },
      ],
      [2500],
    );
    expect(r).toEqual({ intakeMs: 1000, sendMs: 500 });
    expect(recovery(fault, [], [])).toEqual({ intakeMs: undefined, sendMs: undefined });
  });
});
