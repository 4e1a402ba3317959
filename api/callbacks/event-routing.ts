/**
 * Where each channel event goes (SPEC section 5, issue 14): statuses straight to their task — by
 * `biz_opaque_callback_data` (Cloud echoes the task id) or by the message route in the store —
 * and inbound messages to the chat entity (opens/extends the dialog) and to the tasks they answer.
 * Executions of the previous version (no task row) are still served: see `legacy`.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ExecutionStore } from '../../store/execution-types.js';
import type { ChannelEvent, InboundEvent, StatusEvent } from '../../workflows/channel-events.js';
import type { chatEntityWorkflow } from '../../workflows/chat-entity-workflow.js';
import { chatEntityWorkflowId, chatWorkflowId } from '../../workflows/ids.js';
import { channelEventsSignal as legacyChannelEventsSignal } from '../../workflows/legacy/messages.js';
import { recipientMessageSignal, taskChannelEventSignal } from '../../workflows/messages.js';
import { eventOutcome } from '../../workflows/task-outcome.js';
import type { DecidedTasks } from './decided-tasks.js';

export type RoutingStore = Pick<
  ExecutionStore,
  'getTask' | 'routeStatus' | 'messageTask' | 'resolveChat' | 'sentTaskIds' | 'getChatInactivityTimeout'
>;

export interface RoutingDeps {
  store: RoutingStore;
  client: Client;
  taskQueue: string;
  /** CHAT_IDLE_SECONDS for chat entities started here. */
  chatIdleSeconds?: number;
  /** Also hand unrouted events to the previous version's chat workflows, if one still runs (default true). */
  legacyChats?: boolean;
  /** Tasks already given a decisive status here: later statuses are not signalled (decided-tasks.ts). */
  decided?: DecidedTasks;
}

export async function routeEvent(deps: RoutingDeps, channelId: string, event: ChannelEvent): Promise<void> {
  if (event.kind === 'status') await routeStatus(deps, channelId, event);
  else await routeInbound(deps, channelId, event);
}

async function routeStatus(deps: RoutingDeps, channelId: string, event: StatusEvent): Promise<void> {
  const opaque = opaqueTaskId(event.body);
  if (opaque !== undefined) {
    // Decided here through this channel: later statuses change nothing (SPEC §4), not even a read.
    if (deps.decided?.has(opaque, channelId)) return;
    const row = await deps.store.getTask(opaque);
    if (row && row.channelId === channelId)
      return signalUnresolved(deps, row.branch, channelId, opaque, event);
    // No row: a task of the previous version (or none at all); the signal is harmless either way.
    if (!row && deps.legacyChats !== false && (await signalTask(deps, opaque, event))) return;
  }
  const taskId = await deps.store.routeStatus(channelId, event.messageId, event);
  if (taskId !== undefined) {
    const row = await deps.store.getTask(taskId);
    return signalUnresolved(deps, row?.branch ?? null, channelId, taskId, event);
  }
  // Kept in the route for a send not recorded yet; a previous-version chat may know the message.
  await signalLegacyChat(deps, chatWorkflowId(channelId, event.recipientId), event);
}

async function routeInbound(deps: RoutingDeps, channelId: string, event: InboundEvent): Promise<void> {
  const chatId = await deps.store.resolveChat(chatWorkflowId(channelId, event.from));
  const inactivityTimeoutSeconds = await deps.store.getChatInactivityTimeout(chatId);
  const timeout = inactivityTimeoutSeconds !== undefined ? { inactivityTimeoutSeconds } : {};
  await deps.client.workflow.signalWithStart<
    typeof chatEntityWorkflow,
    [{ inactivityTimeoutSeconds?: number }?]
  >('chatEntityWorkflow', {
    workflowId: chatEntityWorkflowId(chatId),
    taskQueue: deps.taskQueue,
    args: [
      {
        channelId,
        recipient: chatId.slice(chatId.lastIndexOf(':') + 1),
        ...timeout,
        ...(deps.chatIdleSeconds !== undefined ? { idleSeconds: deps.chatIdleSeconds } : {}),
      },
    ],
    signal: recipientMessageSignal,
    signalArgs: [timeout],
  });
  const repliedTo =
    event.contextMessageId !== undefined
      ? await deps.store.messageTask(channelId, event.contextMessageId)
      : undefined;
  // A plain message answers every task of this chat still waiting for a status (SPEC: "a message
  // from the recipient" means the notification reached them).
  const targets = repliedTo !== undefined ? [repliedTo] : await deps.store.sentTaskIds(chatId);
  for (const taskId of targets) await signalTask(deps, taskId, event);
  await signalLegacyChat(deps, chatId, event);
}

/**
 * A resolved task ignores further events anyway, and so does one that already has its decisive status
 * (the first decisive one wins): not signalling them saves an action per status and a rejected
 * completion (decided-tasks.ts).
 */
async function signalUnresolved(
  deps: RoutingDeps,
  branch: unknown,
  channelId: string,
  taskId: string,
  event: ChannelEvent,
) {
  if (branch !== null || deps.decided?.has(taskId, channelId)) return;
  const signalled = await signalTask(deps, taskId, event);
  if (signalled && eventOutcome(event) !== undefined) deps.decided?.add(taskId, channelId);
}

/** `false` when the task's workflow is gone (resolved and ended): nothing to do. */
async function signalTask(deps: RoutingDeps, taskId: string, event: ChannelEvent): Promise<boolean> {
  try {
    await deps.client.workflow.getHandle(taskId).signal(taskChannelEventSignal, event);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

async function signalLegacyChat(deps: RoutingDeps, chatId: string, event: ChannelEvent): Promise<void> {
  if (deps.legacyChats === false) return;
  try {
    await deps.client.workflow.getHandle(chatId).signal(legacyChannelEventsSignal, [event]);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}

/** Cloud statuses echo the `biz_opaque_callback_data` the send set: the task id. */
export function opaqueTaskId(body: unknown): string | undefined {
  const status = firstStatus(body);
  const value = status?.biz_opaque_callback_data;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function firstStatus(body: unknown): Record<string, unknown> | undefined {
  const b = body as {
    statuses?: Record<string, unknown>[];
    entry?: { changes?: { value?: { statuses?: Record<string, unknown>[] } }[] }[];
  } | null;
  return b?.statuses?.[0] ?? b?.entry?.[0]?.changes?.[0]?.value?.statuses?.[0];
}
