/**
 * One workflow per accepted mailing request; its workflow id is the `task_id` (SPEC sections 3, 4).
 * It waits for its turn in the chat, builds and sends the template, waits for the first decisive
 * channel event (or the status timeout), writes the result to the chat context and calls the
 * branch hook. Its status query backs the task status endpoint.
 */
import {
  ActivityFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  metricMeter,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  type SignalDefinition,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ChannelEvent } from './channel-events.js';
import { chatWorkflowId, recipientDigits } from './ids.js';
import {
  contextUpdatedSignal,
  taskChannelEventSignal,
  taskResolvedSignal,
  taskSentSignal,
  taskStatusQuery,
  turnGrantedSignal,
  type ChatContext,
} from './messages.js';
import type { SlotSnapshot } from './slot-snapshot.js';
import {
  buildFailed,
  firstDecisiveOutcome,
  sendOutcome,
  statusTimedOut,
  type SendResult,
  type StepOutcome,
} from './task-outcome.js';
import { TaskRecord } from './task-record.js';

export interface NotificationWorkflowInput {
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
}

export const DEFAULT_STATUS_TIMEOUT_SECONDS = 24 * 60 * 60;

// Local activities: no task-queue round trip, which is most of an urgent task's latency. Signalling a
// chat is idempotent (it ignores a task it already knows), so a re-run after a worker crash is safe;
// building is pure CPU work with bounded expressions.
const { enterChat, aliasChat, buildTemplateRequest } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
});
// No Temporal retries for the send: after a worker crash or timeout nobody knows whether 360dialog
// got the request, and a retry could message the person twice. The activity itself retries the
// cases where a duplicate is impossible (see activities/d360-send.ts).
const { sendTemplate } = proxyActivities<Activities>({
  startToCloseTimeout: '3m',
  retry: { maximumAttempts: 1 },
});
// SPEC [decided]: branch hooks are retried with backoff until they answer 2xx, for up to 24 h. A
// repeated POST is harmless: the body carries the task id and an Idempotency-Key header.
const { postBranchHook } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '24h',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '30m' },
});

export async function notificationWorkflow(input: NotificationWorkflowInput) {
  const { taskId, slot } = input;
  const record = new TaskRecord(input);
  let granted: ChatContext | undefined;
  const events: ChannelEvent[] = [];
  setHandler(taskStatusQuery, () => record.view());
  setHandler(turnGrantedSignal, ({ context }) => void (granted ??= context));
  setHandler(taskChannelEventSignal, (event) => void events.push(event));

  const digits = recipientDigits(input.recipient);
  const chatId = chatWorkflowId(slot.channel.id, digits);
  const chat = chatSignaller(chatId);
  const arrival = { taskId, urgent: input.urgent, inactivityTimeoutSeconds: slot.inactivityTimeoutSeconds };
  await enterChat({ chatId, channelId: slot.channel.id, recipient: digits, arrival });
  record.waiting();
  await condition(() => granted !== undefined);
  const context: ChatContext = { ...granted };

  record.sending();
  const built = await buildTemplateRequest({ slot, data: input.data, context, recipient: digits, taskId });
  if (Object.keys(built.contextUpdates).length > 0) {
    Object.assign(context, built.contextUpdates);
    await chat.signal(contextUpdatedSignal, { taskId, values: built.contextUpdates });
  }
  const send = built.ok ? await sendSafely(taskId, slot, built.payload) : undefined;
  const messageId = send?.kind === 'accepted' ? send.messageId : undefined;
  await chat.signal(taskSentSignal, { taskId, ...(messageId !== undefined ? { messageId } : {}) });
  let outcome: StepOutcome = send ? sendOutcome(send) : buildFailed;
  record.stepDone(outcome, { messageId, detail: built.ok ? undefined : built.reason });

  if (send?.kind === 'accepted' && send.waId !== undefined && recipientDigits(send.waId) !== digits) {
    const waId = recipientDigits(send.waId);
    await aliasChat({
      aliasChatId: chatWorkflowId(slot.channel.id, waId),
      channelId: slot.channel.id,
      waId,
      targetChatId: chatId,
    });
  }
  if (outcome.branch === undefined) {
    const timeoutMs = (input.statusTimeoutSeconds ?? DEFAULT_STATUS_TIMEOUT_SECONDS) * 1000;
    const decided = (await condition(() => firstDecisiveOutcome(events) !== undefined, timeoutMs))
      ? firstDecisiveOutcome(events)
      : undefined;
    outcome = decided?.outcome ?? statusTimedOut;
    record.stepDone(outcome, { event: decided?.event });
  }

  // Exported by the SDK's Prometheus endpoint; the SDK does not count again on replay.
  metricMeter
    .createCounter('wa_notify_tasks_resolved', 'tasks', 'Tasks resolved, by status and branch')
    .add(1, { status: outcome.status, branch: outcome.branch ?? 'none' });
  // SPEC: the result goes to the chat context under `notification`, except for no account.
  const notification =
    outcome.branch === 'no_account' ? undefined : { status: outcome.status, result: outcome.result };
  if (notification) context.notification = notification;
  await chat.signal(taskResolvedSignal, { taskId, ...(notification ? { notification } : {}) });
  await callBranchHook(record, outcome, { chatId, channelId: slot.channel.id, digits, context });
  return record.view();
}

/**
 * Signals to the chat, retried a few times: a chat in the middle of continue-as-new can answer
 * NOT_FOUND on Temporal's Java test server (sdk-java#1538), and an operator may have terminated a
 * chat. Losing such a signal must not fail this task; the outcome is still recorded here.
 */
function chatSignaller(chatId: string) {
  const handle = getExternalWorkflowHandle(chatId);
  return {
    async signal<Args extends unknown[]>(definition: SignalDefinition<Args>, ...args: Args): Promise<void> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await handle.signal(definition, ...args);
        } catch (err) {
          if (attempt >= 5)
            return log.warn('chat signal not delivered', { chatId, signal: definition.name, err });
          await sleep(attempt * 200);
        }
      }
    },
  };
}

/** A send activity that failed outright (worker lost, timeout) is "channel inaccessible", never a retry. */
async function sendSafely(
  taskId: string,
  slot: SlotSnapshot,
  payload: Parameters<Activities['sendTemplate']>[0]['payload'],
): Promise<SendResult> {
  try {
    return await sendTemplate({ taskId, channelId: slot.channel.id, payload });
  } catch (err) {
    if (err instanceof ActivityFailure)
      return { kind: 'unreachable', reason: err.cause?.message ?? err.message };
    throw err;
  }
}

async function callBranchHook(
  record: TaskRecord,
  outcome: StepOutcome,
  chat: { chatId: string; channelId: string; digits: string; context: ChatContext },
): Promise<void> {
  const url = outcome.branch !== undefined ? record.input.slot.branchHooks[outcome.branch] : undefined;
  if (url === undefined || outcome.branch === undefined) return;
  const body = {
    task_id: record.input.taskId,
    branch: outcome.branch,
    status: outcome.status,
    result: outcome.result,
    chat: { id: chat.chatId, channel_id: chat.channelId, recipient_id: chat.digits, context: chat.context },
  };
  try {
    // The URL carries no credentials; the activity reads them from the store by slot and branch.
    await postBranchHook({ url, body, slotId: record.input.slot.slotId, branch: outcome.branch });
    record.branchHookDone('delivered');
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // 24 h of retries are over: the task keeps its outcome, the hook is reported as failed.
    record.branchHookDone('failed');
  }
}
