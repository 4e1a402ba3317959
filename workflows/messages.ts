/**
 * Every signal and query of the two workflows, with payload types: the one module the API, the
 * activities and the workflows share. Names carry their kind.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ChannelEvent } from './channel-events.js';
import type { Branch } from './slot-snapshot.js';
import type { TaskResult, TaskStatus } from './task-outcome.js';

export type ChatContext = Record<string, unknown>;

// ---- to the chat workflow -------------------------------------------------------------------

/** A task asks for its turn. Urgent tasks get it at once and interrupt the active dialog. */
export interface TaskArrival {
  taskId: string;
  urgent: boolean;
  /** The slot's agent setting; the chat keeps the latest one it was told. */
  inactivityTimeoutSeconds: number;
}
export const taskArrivedSignal = defineSignal<[TaskArrival]>('taskArrived');

/** Variables parsed from a request (SPEC "Incoming data"), merged into the chat context. */
export const contextUpdatedSignal = defineSignal<[{ taskId: string; values: ChatContext }]>('contextUpdated');

/**
 * The task finished its send step: the turn passes on. With a message id, channel events for that
 * message are routed to the task from now on (and any that arrived early are delivered).
 */
export interface TaskSent {
  taskId: string;
  messageId?: string;
}
export const taskSentSignal = defineSignal<[TaskSent]>('taskSent');

/** The task resolved: `notification` is written to the context (absent for no account). */
export interface TaskResolved {
  taskId: string;
  notification?: { status: TaskStatus; result: TaskResult | null };
}
export const taskResolvedSignal = defineSignal<[TaskResolved]>('taskResolved');

/** Channel callbacks for this chat's recipient, in arrival order. */
export const channelEventsSignal = defineSignal<[ChannelEvent[]]>('channelEvents');

/**
 * 360dialog may report a recipient under a different `wa_id` than the digits we sent to (country
 * quirks). The chat of that `wa_id` becomes an alias: it forwards every event to the real chat.
 */
export const aliasOfSignal = defineSignal<[{ chatId: string }]>('aliasOf');

/** Explicit dialog control from the admin API. */
export const openDialogSignal = defineSignal<[{ inactivityTimeoutSeconds?: number }?]>('openDialog');
export const closeDialogSignal = defineSignal('closeDialog');

// ---- to the notification workflow -----------------------------------------------------------

/** The chat grants the task its turn, with the chat context as it is now. */
export const turnGrantedSignal = defineSignal<[{ context: ChatContext }]>('turnGranted');

/** A channel event the chat routed to this task. */
export const taskChannelEventSignal = defineSignal<[ChannelEvent]>('taskChannelEvent');

// ---- queries ---------------------------------------------------------------------------------

export interface DialogState {
  openedAt: string;
  lastActivityAt: string;
  openedBy: 'inbound' | 'api';
}

export interface ChatStateView {
  chatId: string;
  context: ChatContext;
  dialog: DialogState | null;
  /** Non-urgent tasks waiting for their turn, in arrival order. */
  waiting: string[];
  /** The non-urgent task that holds the turn now, if any. */
  turnHolder: string | null;
  aliasOf: string | null;
}
export const chatStateQuery = defineQuery<ChatStateView>('chatState');

/** The task status endpoint's answer (SPEC section 3, "Task status"). */
export interface TaskStatusView {
  taskId: string;
  webhook: string;
  status: TaskStatus;
  urgent: boolean;
  branch: Branch | null;
  description: string | null;
  /** Why a build failed (the expression error), for whoever debugs a slot; not part of the SPEC result. */
  detail: string | null;
  /** Why the task is `waiting` (its turn in the chat, the channel's send rate, a 429 …); null otherwise. */
  waitingReason: string | null;
  channelResponse: unknown;
  messageId: string | null;
  /** Set once the slot's branch hook was POSTed (`delivered`) or its 24 h of retries ran out (`failed`). */
  branchHook: 'delivered' | 'failed' | null;
  timestamps: Partial<Record<'acceptedAt' | 'startedAt' | 'sentAt' | 'resolvedAt' | 'branchHookAt', string>>;
}
export const taskStatusQuery = defineQuery<TaskStatusView>('taskStatus');
