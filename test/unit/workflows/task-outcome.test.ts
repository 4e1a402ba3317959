import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../../workflows/channel-events.js';
import { eventOutcome, firstDecisiveOutcome, sendOutcome } from '../../../workflows/task-outcome.js';

const status = (s: string, codes: number[] = []): ChannelEvent => ({
  kind: 'status',
  messageId: 'm1',
  recipientId: '1',
  status: s,
  errorCodes: codes,
  body: { statuses: [{ status: s }] },
});

describe('SPEC section 4, step 1: the channel answer', () => {
  it('2xx → sent, "received by channel" with the body, no branch yet', () => {
    expect(sendOutcome({ kind: 'accepted', httpStatus: 200, body: { messages: [{ id: 'm1' }] } })).toEqual({
      status: 'sent',
      result: { description: 'received by channel', channel_response: { messages: [{ id: 'm1' }] } },
    });
  });

  it('4xx/5xx → failed, "channel error <code>" with the body, branch fail', () => {
    expect(sendOutcome({ kind: 'rejected', httpStatus: 502, body: 'Bad gateway' })).toEqual({
      status: 'failed',
      result: { description: 'channel error 502', channel_response: 'Bad gateway' },
      branch: 'fail',
    });
  });

  it('unreachable → failed, "channel inaccessible", branch fail', () => {
    expect(sendOutcome({ kind: 'unreachable', reason: 'ECONNREFUSED' })).toEqual({
      status: 'failed',
      result: { description: 'channel inaccessible' },
      branch: 'fail',
    });
  });
});

describe('SPEC section 4, step 2: the first decisive event', () => {
  it.each(['sent', 'delivered', 'read'])('%s → delivered, success', (s) => {
    expect(eventOutcome(status(s))).toMatchObject({
      status: 'delivered',
      branch: 'success',
      result: { description: 'success' },
    });
  });

  it.each([131026, 1013, 1026])('failed with %i → no_account, nothing for the chat context', (code) => {
    expect(eventOutcome(status('failed', [code]))).toEqual({
      status: 'no_account',
      result: null,
      branch: 'no_account',
    });
  });

  it('failed for another reason → failed, "channel couldn\'t sent message"', () => {
    expect(eventOutcome(status('failed', [131049]))).toEqual({
      status: 'failed',
      result: {
        description: "channel couldn't sent message",
        channel_response: { statuses: [{ status: 'failed' }] },
      },
      branch: 'fail',
    });
  });

  it('ignores deleted and warning statuses', () => {
    expect(eventOutcome(status('deleted'))).toBeUndefined();
    expect(eventOutcome(status('warning'))).toBeUndefined();
  });

  it('takes the first decisive event when several arrived', () => {
    const decided = firstDecisiveOutcome([status('deleted'), status('failed', [131026]), status('read')]);
    expect(decided?.outcome.branch).toBe('no_account');
  });
});
