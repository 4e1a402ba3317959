/**
 * The execution side of the store: task rows, chat contexts, message routes and chat aliases.
 * Workflows keep none of this in their state any more, so a chat workflow can end when nothing is
 * pending and the task status endpoint never asks Temporal. Records are camelCase; SQL is snake_case.
 */
import type { ChannelEvent } from '../workflows/channel-events.js';
import type { Branch } from '../workflows/slot-snapshot.js';
import type { TaskStatus } from '../workflows/task-outcome.js';

export type ChatContextValues = Record<string, unknown>;

/** One row of `tasks` (CONTRACTS §2). */
export interface TaskRow {
  taskId: string;
  companyId: number;
  agentId: string;
  slotId: string;
  webhook: string;
  channelId: string;
  chatId: string;
  recipient: string;
  urgent: boolean;
  status: TaskStatus;
  branch: Branch | null;
  description: string | null;
  detail: string | null;
  waitingReason: string | null;
  channelResponse: unknown;
  messageId: string | null;
  branchHook: 'delivered' | 'failed' | null;
  acceptedAt: Date;
  startedAt: Date | null;
  sentAt: Date | null;
  resolvedAt: Date | null;
  updatedAt: Date;
}

export type NewTask = Pick<
  TaskRow,
  | 'taskId'
  | 'companyId'
  | 'agentId'
  | 'slotId'
  | 'webhook'
  | 'channelId'
  | 'chatId'
  | 'recipient'
  | 'urgent'
  | 'acceptedAt'
>;

/** Fields a step may set; absent keys stay as they are. */
export type TaskPatch = Partial<
  Pick<
    TaskRow,
    | 'status'
    | 'branch'
    | 'description'
    | 'detail'
    | 'waitingReason'
    | 'channelResponse'
    | 'messageId'
    | 'branchHook'
    | 'startedAt'
    | 'sentAt'
    | 'resolvedAt'
  >
>;

/**
 * One attempt of one send activity: the activity's sequence number in the task's workflow run (the
 * SDK's activity ids are "1", "2", … in the order the workflow scheduled them) and its attempt.
 */
export interface SendClaimKey {
  activity: number;
  attempt: number;
}

export type SendClaimOutcome = 'claimed' | 'taken' | 'no-task';

/** A task accepted with a 200 whose workflow start was not yet confirmed. */
export interface PendingStart {
  taskId: string;
  /** The workflow input as the intake built it (`TaskWorkflowInput`). */
  input: unknown;
}

export interface ChatIdentity {
  chatId: string;
  channelId: string;
  recipient: string;
}

export interface ExecutionStore {
  /**
   * `false` when a row with this id already exists (an Idempotency-Key repeat): nothing changed.
   * `pendingStart` is the task's workflow input, kept until `startConfirmed` (the intake's outbox).
   */
  insertTask(task: NewTask, pendingStart?: unknown): Promise<boolean>;
  /** The workflows of these tasks exist: their outbox entries are done. */
  startConfirmed(taskIds: readonly string[]): Promise<void>;
  /** Outbox entries accepted before `acceptedBefore`, oldest first: what a crash or an outage left unstarted. */
  pendingStarts(acceptedBefore: Date, limit: number): Promise<PendingStart[]>;
  /**
   * The server refused to start this task's workflow (its input, not an outage): the outbox entry
   * is done and the task is resolved as not built, `detail` saying why. Only a row still in the
   * outbox changes.
   */
  startRefused(taskId: string, detail: string): Promise<void>;
  /** Undoes an insert whose workflow could not be started (the intake answers 503). */
  deleteTask(taskId: string): Promise<void>;
  getTask(taskId: string): Promise<TaskRow | undefined>;
  /** False when no row has this id (nothing was written): the caller decides whether that matters. */
  updateTask(taskId: string, patch: TaskPatch): Promise<boolean>;
  /** Tasks of a chat that were sent and wait for a decisive event (a plain inbound message answers them). */
  sentTaskIds(chatId: string): Promise<string[]>;
  /**
   * Claims the wire for one attempt of one send activity of the task (activities/send-claim.ts):
   * `claimed` when nothing holds it, the same attempt already does, or a send activity scheduled
   * before this one does (it ended: the workflow sends again only after a "not now"); `taken` when
   * another attempt of this activity, or an attempt of a later activity, holds it; `no-task` when
   * the row is missing.
   */
  claimSend(taskId: string, claim: SendClaimKey): Promise<SendClaimOutcome>;

  /** `{}` for a chat that never had a context. */
  getChatContext(chatId: string): Promise<ChatContextValues>;
  /** `undefined` for a chat no task ever reached (the admin API's 404). */
  findChatContext(chatId: string): Promise<ChatContextValues | undefined>;
  /** Atomic JSONB merge (`||`): urgent tasks of one chat may write concurrently. Returns the merged context. */
  mergeChatContext(
    chat: ChatIdentity,
    values: ChatContextValues,
    inactivityTimeoutSeconds?: number,
  ): Promise<ChatContextValues>;
  /** The agent timeout last written for the chat (dialogs opened by inbound messages use it). */
  getChatInactivityTimeout(chatId: string): Promise<number | undefined>;

  /** The send was accepted: route `messageId` to `taskId`; returns the events that arrived before. */
  routeMessage(channelId: string, messageId: string, taskId: string): Promise<ChannelEvent[]>;
  /**
   * A status without a task id: routed when the send is recorded, otherwise kept for it. Returns the
   * task id when the route is already known (the event is then not kept).
   */
  routeStatus(channelId: string, messageId: string, event: ChannelEvent): Promise<string | undefined>;
  /** The task a message was sent by, if recorded. */
  messageTask(channelId: string, messageId: string): Promise<string | undefined>;

  addChatAlias(aliasChatId: string, targetChatId: string): Promise<void>;
  /** The chat `chatId` is an alias of, or `chatId` itself. */
  resolveChat(chatId: string): Promise<string>;
}
