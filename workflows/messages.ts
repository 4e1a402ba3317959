/**
 * Every update, signal and query of the current workflows (taskWorkflow, chatEntityWorkflow), with
 * payload types: the one module the API, the activities and the workflows share. The previous
 * version's messages are frozen in workflows/legacy/messages.ts.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ChannelEvent } from './channel-events.js';
import type { Branch } from './slot-snapshot.js';
import type { TaskStatus } from './task-outcome.js';

export type ChatContext = Record<string, unknown>;

// ---- to the chat entity workflow ------------------------------------------------------------

/** A task asks for its turn. Urgent tasks get it at once and interrupt the active dialog. */
export interface TaskArrival {
  taskId: string;
  urgent: boolean;
  /** The slot's agent setting; the chat keeps the latest one it was told. */
  inactivityTimeoutSeconds: number;
}

/** `granted: false` = queued: the chat signals `turnGranted` later. `reason` says why it waits. */
export interface ArrivalAnswer {
  granted: boolean;
  reason?: string;
}

/** Sent by the task's first workflow task through a local activity, never with start. */
export const taskArrivedUpdate = defineUpdate<ArrivalAnswer, [TaskArrival]>('taskArrived');

/** A turn holder finished its send step (or gave up): the next waiting task may go. */
export const taskSentSignal = defineSignal<[{ taskId: string }]>('taskSent');

/** A message from the recipient: opens or extends the dialog (signal-with-start by the callback). */
export const recipientMessageSignal =
  defineSignal<[{ inactivityTimeoutSeconds?: number }?]>('recipientMessage');

/** Explicit dialog control from the admin API. */
export const openDialogSignal = defineSignal<[{ inactivityTimeoutSeconds?: number }?]>('openDialog');
export const closeDialogSignal = defineSignal('closeDialog');

// ---- to the task workflow -------------------------------------------------------------------

/** The chat grants a queued task its turn (the context is read from the store when it builds). */
export const turnGrantedSignal = defineSignal<[Record<string, never>?]>('turnGranted');

/** A channel event routed to this task (by `biz_opaque_callback_data`, message route or chat). */
export const taskChannelEventSignal = defineSignal<[ChannelEvent]>('taskChannelEvent');

// ---- queries ---------------------------------------------------------------------------------

export interface DialogState {
  openedAt: string;
  lastActivityAt: string;
  openedBy: 'inbound' | 'api';
}

/** What the chat entity holds: only what is pending. Context and aliases live in the store. */
export interface ChatEntityView {
  chatId: string;
  dialog: DialogState | null;
  /** Non-urgent tasks waiting for their turn, in arrival order. */
  waiting: string[];
  /** The task that holds the turn now, if any. */
  turnHolder: string | null;
}
export const chatStateQuery = defineQuery<ChatEntityView>('chatState');

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
