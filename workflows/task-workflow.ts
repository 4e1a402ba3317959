/**
 * One workflow per accepted mailing request; its workflow id is the `task_id` (SPEC sections 3, 4).
 * First workflow task: enter the chat (an update to its entity, only if one runs) and build, both in
 * one local activity. Then the send activity, which records the accepted message in the store; the
 * callback endpoint routes statuses straight here. The first decisive event (or the status timeout)
 * resolves the task in one local activity; then the branch hook.
 */
import {
  ActivityFailure,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  metricMeter,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { EnterResult, Prepared, TaskChat } from '../activities/task-steps.js';
import type { ChannelEvent } from './channel-events.js';
import { chatEntityWorkflowId, chatWorkflowId, recipientDigits } from './ids.js';
import { taskChannelEventSignal, taskSentSignal, taskStatusQuery, turnGrantedSignal } from './messages.js';
import { DEFAULT_MAX_SEND_WAIT_MS, sendPaced } from './send-pacing.js';
import type { SlotSnapshot } from './slot-snapshot.js';
import {
  buildFailed,
  firstDecisiveOutcome,
  sendDetail,
  sendOutcome,
  statusTimedOut,
  type SendResult,
  type StepOutcome,
} from './task-outcome.js';
import { TaskRecord } from './task-record.js';

export interface TaskWorkflowInput {
  taskId: string;
  /** Copied at accept time: later edits or trainings never change a running task. */
  slot: SlotSnapshot;
  /** The recipient id as the integrator sent it. */
  recipient: string;
  urgent: boolean;
  /** The request body: `data` in expressions. */
  data: Record<string, unknown>;
  acceptedAt: string;
  /** SPEC [decided]: default 24 h. */
  statusTimeoutSeconds?: number;
  /** After a send that ended without an answer (worker died): how long to wait for a status. */
  sendEvidenceSeconds?: number;
  /** How long a send may wait for the channel's capacity (rate limits) before it fails; default 1 h. */
  maxSendWaitSeconds?: number;
}

export const DEFAULT_STATUS_TIMEOUT_SECONDS = 24 * 60 * 60;
export const DEFAULT_SEND_EVIDENCE_SECONDS = 10 * 60;

// Store steps: a database outage is retried for a bounded time; a build failure is an answer
// (`ok: false`), and a crash of the builder is non-retryable. Entering a chat is idempotent.
const { enterChat, prepareSend, markTaskWaiting, resolveTask, recordBranchHook } =
  proxyLocalActivities<Activities>({
    startToCloseTimeout: '10s',
    scheduleToCloseTimeout: '10m',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  });
// A timed-out send attempt is retried, and a retry never messages the person twice: an attempt
// claims the wire on the task's row right before its request leaves, and a later attempt that finds
// an earlier one's claim fails at once, non-retryable (activities/send-claim.ts). So a retry sends
// only when nothing left before (a poll answer lost on its way to the worker, a crash before the
// request); otherwise the workflow waits for evidence (a status), as before. The heartbeat lets the
// server notice a dead worker, or a task it handed out that no worker got, in ~30 s.
const { sendTemplate } = proxyActivities<Activities>({
  startToCloseTimeout: '3m',
  heartbeatTimeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: '1s' },
});
// SPEC [decided]: branch hooks are retried with backoff until they answer 2xx, for up to 24 h.
const { postBranchHook } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '24h',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '30m' },
});

export async function taskWorkflow(input: TaskWorkflowInput) {
  const { taskId, slot } = input;
  const record = new TaskRecord(input);
  let granted = false;
  const events: ChannelEvent[] = [];
  setHandler(taskStatusQuery, () => record.view());
  setHandler(turnGrantedSignal, () => void (granted = true));
  setHandler(taskChannelEventSignal, (event) => void events.push(event));

  const digits = recipientDigits(input.recipient);
  const chat: TaskChat = {
    chatId: chatWorkflowId(slot.channel.id, digits),
    channelId: slot.channel.id,
    recipient: digits,
  };
  const step = { taskId, chat, slot, data: input.data };
  const arrival = { taskId, urgent: input.urgent, inactivityTimeoutSeconds: slot.inactivityTimeoutSeconds };
  let entered: EnterResult = { granted: true, chatRunning: false };
  let prepared: Prepared | undefined;
  try {
    entered = await enterChat({ ...step, arrival });
    prepared = entered.prepared;
    if (!entered.granted) {
      record.waiting();
      await condition(() => granted);
      prepared = await prepareSend(step);
    }
  } catch (err) {
    // A task must never hang (issue 9): a step that cannot proceed (a store outage that outlasted its
    // retries, a bug in a step) ends the task in SPEC's "could not be built, for whatever reason" row,
    // with the cause in `detail`, instead of failing the workflow with the task left unresolved.
    if (isCancellation(err)) throw err;
    log.error('task could not proceed to its send', { err });
    prepared = { ok: false, reason: `the task could not proceed: ${errorText(err)}` };
  }
  record.sending();
  const send = prepared?.ok ? await sendStep(input, chat, prepared.payload, record, events) : undefined;
  // The turn passes on only after the send: waiting tasks of this chat go after this one.
  if (entered.chatRunning) await tellChat(chat.chatId, taskId);

  const messageId = send?.kind === 'accepted' ? send.messageId : undefined;
  const detail = prepared && !prepared.ok ? prepared.reason : send && sendDetail(send);
  let outcome: StepOutcome = send ? sendOutcome(send) : buildFailed;
  record.stepDone(outcome, { messageId, detail });
  let decisive: ChannelEvent | undefined;
  if (outcome.branch === undefined) {
    const timeoutMs = (input.statusTimeoutSeconds ?? DEFAULT_STATUS_TIMEOUT_SECONDS) * 1000;
    const decided = (await condition(() => firstDecisiveOutcome(events) !== undefined, timeoutMs))
      ? firstDecisiveOutcome(events)
      : undefined;
    outcome = decided?.outcome ?? statusTimedOut;
    decisive = decided?.event;
    record.stepDone(outcome, { event: decisive });
  }

  // Exported by the SDK's Prometheus endpoint; the SDK does not count again on replay.
  metricMeter
    .createCounter('wa_notify_tasks_resolved', 'tasks', 'Tasks resolved, by status and branch')
    .add(1, { status: outcome.status, branch: outcome.branch ?? 'none' });
  const context = await resolveTask({
    taskId,
    chat,
    outcome,
    ...(decisive ? { eventBody: decisive.body } : {}),
    ...(detail !== undefined ? { detail } : {}),
  });
  await callBranchHook(record, outcome, chat, context);
  return record.view();
}

/**
 * Sends through send pacing. A send that ended without an answer (its attempts ran out, or one found
 * that an earlier attempt had claimed the wire: the worker died mid-request) may have reached
 * 360dialog: a status routed here within the evidence window means it did, and the task goes on as
 * sent. Never re-sent.
 */
async function sendStep(
  input: TaskWorkflowInput,
  chat: TaskChat,
  payload: Parameters<Activities['sendTemplate']>[0]['payload'],
  record: TaskRecord,
  events: ChannelEvent[],
): Promise<SendResult> {
  let lost: string | undefined;
  const result = await sendPaced(
    async () => {
      try {
        const { earlyEvents, ...answer } = await sendTemplate({
          taskId: input.taskId,
          channelId: chat.channelId,
          payload,
          record: chat,
        });
        // Statuses kept before the route existed came first.
        events.unshift(...(earlyEvents ?? []));
        return answer;
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        lost = err.cause?.message ?? err.message;
        return { kind: 'unreachable', reason: lost };
      }
    },
    {
      waiting: async (reason) => {
        record.waiting(reason);
        await markTaskWaiting({ taskId: input.taskId, reason });
      },
    },
    { maxWaitMs: (input.maxSendWaitSeconds ?? DEFAULT_MAX_SEND_WAIT_MS / 1000) * 1000 },
  );
  if (lost === undefined || result.kind !== 'unreachable') return result;
  const windowMs = (input.sendEvidenceSeconds ?? DEFAULT_SEND_EVIDENCE_SECONDS) * 1000;
  if (await condition(() => events.length > 0, windowMs)) {
    log.warn('send ended without an answer, but the channel reported on it: going on as sent', { lost });
    return { kind: 'accepted', httpStatus: 0, body: null };
  }
  return result;
}

/** The chat entity may have ended meanwhile (lease) or been terminated: losing this is harmless. */
async function tellChat(chatId: string, taskId: string): Promise<void> {
  try {
    await getExternalWorkflowHandle(chatEntityWorkflowId(chatId)).signal(taskSentSignal, { taskId });
  } catch (err) {
    log.warn('taskSent not delivered: the chat entity is gone', { chatId, err });
  }
}

async function callBranchHook(
  record: TaskRecord,
  outcome: StepOutcome,
  chat: TaskChat,
  context: Record<string, unknown>,
): Promise<void> {
  const { slot, taskId } = record.input;
  const url = outcome.branch !== undefined ? slot.branchHooks[outcome.branch] : undefined;
  if (url === undefined || outcome.branch === undefined) return;
  const body = {
    task_id: taskId,
    branch: outcome.branch,
    status: outcome.status,
    result: outcome.result,
    chat: { id: chat.chatId, channel_id: chat.channelId, recipient_id: chat.recipient, context },
  };
  let result: 'delivered' | 'failed' = 'delivered';
  try {
    await postBranchHook({ url, body, slotId: slot.slotId, branch: outcome.branch });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // 24 h of retries are over: the task keeps its outcome, the hook is reported as failed.
    result = 'failed';
  }
  record.branchHookDone(result);
  await recordBranchHook({ taskId, result });
}

/** The cause of a failed step in words (an activity failure's own message is the useful one). */
function errorText(err: unknown): string {
  if (err instanceof ActivityFailure) return err.cause?.message ?? err.message;
  return err instanceof Error ? err.message : String(err);
}
