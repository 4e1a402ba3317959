/** The workflow's pacing rule (workflows/send-pacing.ts nextPacingStep), without a server. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_SEND_WAIT_MS,
  MIN_PACING_WAIT_MS,
  nextPacingStep,
} from '../../../workflows/send-pacing.js';
import { sendOutcome, type ThrottledSend } from '../../../workflows/task-outcome.js';

const limits = { maxWaitMs: 60_000 };
const body = { error: { code: 130429, message: '(#130429) Rate limit hit' } };
const throttled = (over: Partial<ThrottledSend> = {}): ThrottledSend => ({
  kind: 'throttled',
  httpStatus: 429,
  code: 130429,
  retryAfterMs: 5_000,
  reason: 'channel rate limit: 360dialog answered HTTP 429 130429',
  channelResponse: body,
  ...over,
});

describe('nextPacingStep', () => {
  it('anything but throttled is handed back as it is', () => {
    const accepted = { kind: 'accepted' as const, httpStatus: 200, body: {} };
    expect(nextPacingStep(accepted, 0, limits)).toStrictEqual({ action: 'done', result: accepted });
    const rejected = { kind: 'rejected' as const, httpStatus: 400, body: {} };
    expect(nextPacingStep(rejected, 99_999_999, limits)).toStrictEqual({ action: 'done', result: rejected });
  });

  it('throttled → wait as long as the channel asked, showing its reason', () => {
    expect(nextPacingStep(throttled(), 0, limits)).toStrictEqual({
      action: 'wait',
      ms: 5_000,
      reason: 'channel rate limit: 360dialog answered HTTP 429 130429',
    });
  });

  it('a "retry now" still waits a little, so a workflow never spins', () => {
    expect(nextPacingStep(throttled({ retryAfterMs: 0 }), 0, limits)).toMatchObject({
      ms: MIN_PACING_WAIT_MS,
    });
  });

  it('the last wait is cut to the bound, so one more attempt is made exactly at it', () => {
    expect(nextPacingStep(throttled({ retryAfterMs: 30_000 }), 50_000, limits)).toMatchObject({
      action: 'wait',
      ms: 10_000,
    });
  });

  it('past the bound → rejected 429 with the channel body and a detail naming the code', () => {
    const step = nextPacingStep(throttled(), 60_000, limits);
    expect(step).toStrictEqual({
      action: 'done',
      result: {
        kind: 'rejected',
        httpStatus: 429,
        body,
        detail:
          'rate limited for 60 s, the send wait bound: channel rate limit: 360dialog answered HTTP 429 130429 (code 130429)',
      },
    });
    if (step.action === 'done') {
      expect(sendOutcome(step.result)).toStrictEqual({
        status: 'failed',
        result: { description: 'channel error 429', channel_response: body },
        branch: 'fail',
      });
    }
  });

  it('a bucket-only wait (no HTTP answer) that outlasts the bound also reads "channel error 429"', () => {
    const local = throttled({
      httpStatus: null,
      code: null,
      channelResponse: null,
      reason: 'channel send rate (3/s)',
    });
    const step = nextPacingStep(local, 60_001, limits);
    expect(step).toMatchObject({ action: 'done', result: { kind: 'rejected', httpStatus: 429, body: null } });
  });

  it('the default bound is one hour', () => {
    expect(DEFAULT_MAX_SEND_WAIT_MS).toBe(3_600_000);
  });
});
