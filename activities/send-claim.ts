/**
 * At most one attempt of a send reaches the wire, so the send activity can be retried.
 *
 * Temporal runs an activity again after its attempt timed out, and an attempt can time out without
 * ever having run: the server hands the task to a poll whose answer is lost on the way to the worker
 * (a dropped connection: the server counts the task as started, the worker never sees it). The
 * bench met it under load (README, Benchmark): with no retry, that task waited out the evidence
 * window and ended "channel inaccessible" with nothing sent. A plain retry is unsafe: a worker that
 * died after its request left is also a timeout, and a second request would message the person twice.
 *
 * The claim tells the two apart. Right before its first request leaves, an attempt records itself on
 * the task's row (`claimSend`, one statement). A later attempt that finds an earlier attempt's claim
 * does not send: that message may have gone out, and the workflow waits for evidence (a status)
 * instead. One that finds no claim knows nothing left, and sends. An attempt that stalled and resumes
 * after the next one claimed finds the claim taken and does not send either.
 */
import { activityInfo, ApplicationFailure } from '@temporalio/activity';
import type { Logger } from '../lib/logger.js';
import type { ExecutionStore, SendClaimKey } from '../store/execution-types.js';

/** The failure type of an attempt that must not send because another attempt claimed the wire. */
export const SEND_CLAIMED_ELSEWHERE = 'SendClaimedElsewhere';

export interface SendClaim {
  /** The attempt this claim is for (1 for the first). */
  readonly attempt: number;
  /**
   * Claims the wire; throws a non-retryable `SendClaimedElsewhere` failure when another attempt of
   * this activity holds it, or the store's error when it could not be written (nothing left then,
   * so the next attempt may send). Repeated calls share the first one's answer.
   */
  take(): Promise<void>;
}

/** The claim of the running activity attempt; `undefined` outside an activity (unit tests of the send). */
export function sendClaim(
  store: Pick<ExecutionStore, 'claimSend'>,
  taskId: string,
  log: Logger,
): SendClaim | undefined {
  const key = currentAttempt();
  if (!key) return undefined;
  let taking: Promise<void> | undefined;
  return {
    attempt: key.attempt,
    take: () => (taking ??= claim(store, taskId, key, log)),
  };
}

export function isClaimedElsewhere(err: unknown): err is ApplicationFailure {
  return err instanceof ApplicationFailure && err.type === SEND_CLAIMED_ELSEWHERE;
}

async function claim(
  store: Pick<ExecutionStore, 'claimSend'>,
  taskId: string,
  key: SendClaimKey,
  log: Logger,
): Promise<void> {
  const outcome = await store.claimSend(taskId, key);
  if (outcome === 'claimed') return;
  if (outcome === 'no-task') {
    // The intake writes the row before the workflow starts: only a database that lost committed
    // writes gets here. Refusing would fail a send nobody else can make; it goes out unclaimed.
    log.error('task row missing: the send goes out without a claim', { taskId, ...key });
    return;
  }
  log.warn('send not made: another attempt of it claimed the wire and may have reached the channel', {
    taskId,
    ...key,
  });
  throw ApplicationFailure.nonRetryable(
    `another attempt of this send (this is attempt ${key.attempt}) got as far as the channel: ` +
      'the message may have been sent, so it is not sent again',
    SEND_CLAIMED_ELSEWHERE,
  );
}

function currentAttempt(): SendClaimKey | undefined {
  let info;
  try {
    info = activityInfo();
  } catch {
    return undefined; // not in an activity
  }
  // The SDK numbers a run's activities "1", "2", … as the workflow schedules them (no custom ids here).
  const activity = Number(info.activityId);
  if (!Number.isSafeInteger(activity))
    throw new Error(`send activity id is not a sequence number: ${info.activityId}`);
  return { activity, attempt: info.attempt };
}
