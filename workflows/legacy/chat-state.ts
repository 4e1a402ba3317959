// FROZEN: the previous version, kept so running executions complete. Do not edit.
/**
 * The rules of one chat, as a plain class with no Temporal calls: dialog and inactivity, the turn
 * order of tasks, and routing of channel events to tasks. Every method returns the effects the
 * workflow must carry out (signals to tasks or to another chat), so the rules are unit-tested
 * without a server and the workflow stays a thin wiring layer.
 */
import type { ChannelEvent } from './channel-events.js';
import type { ChatContext, ChatStateView, TaskArrival, TaskResolved, TaskSent } from './messages.js';

export type ChatEffect =
  | { kind: 'grant'; taskId: string; context: ChatContext }
  | { kind: 'deliver'; taskId: string; event: ChannelEvent }
  | { kind: 'forward'; chatId: string; events: ChannelEvent[] };

/** Everything a chat knows; carried whole across continue-as-new. Times are epoch ms. */
export interface ChatStateData {
  context: ChatContext;
  dialog: { openedAt: number; lastActivityAt: number; openedBy: 'inbound' | 'api' } | null;
  inactivityTimeoutMs: number;
  /** Non-urgent tasks waiting for their turn, in arrival order. */
  waiting: string[];
  /** The non-urgent task building and sending now; the next waits until it reports `taskSent`. */
  turnHolder: { taskId: string; grantedAt: number } | null;
  /** messageId → taskId for sent messages whose task still waits for a decisive event. */
  routes: Record<string, string>;
  /** Statuses for message ids no task has registered yet (callbacks can beat the send response). */
  buffered: { messageId: string; event: ChannelEvent; receivedAt: number }[];
  /** Message ids of resolved tasks: late duplicates for them are dropped, not buffered. */
  recentlyClosed: string[];
  aliasOf: string | null;
}

export const DEFAULT_INACTIVITY_TIMEOUT_SECONDS = 900;
/** A task that got the turn but never reported back (terminated, bug) must not block the chat forever. */
export const TURN_LEASE_MS = 10 * 60 * 1000;
/** Early statuses wait this long for their task; older ones belong to messages we never sent. */
export const BUFFER_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_BUFFERED_EVENTS = 500;
export const MAX_RECENTLY_CLOSED = 500;

export function initialChatState(inactivityTimeoutSeconds?: number): ChatStateData {
  return {
    context: {},
    dialog: null,
    inactivityTimeoutMs: (inactivityTimeoutSeconds ?? DEFAULT_INACTIVITY_TIMEOUT_SECONDS) * 1000,
    waiting: [],
    turnHolder: null,
    routes: {},
    buffered: [],
    recentlyClosed: [],
    aliasOf: null,
  };
}

export class ChatState {
  constructor(
    readonly chatId: string,
    readonly data: ChatStateData,
  ) {}

  /** SPEC section 4 urgency: urgent runs now and interrupts the dialog; non-urgent queues (FIFO). */
  taskArrived(arrival: TaskArrival, now: number): ChatEffect[] {
    this.data.inactivityTimeoutMs = arrival.inactivityTimeoutSeconds * 1000;
    if (arrival.urgent) {
      this.data.dialog = null;
      // It also takes a free turn, so the non-urgent tasks its interruption releases are sent after it.
      this.data.turnHolder ??= { taskId: arrival.taskId, grantedAt: now };
      return [this.grant(arrival.taskId), ...this.tick(now)];
    }
    // Signal-with-start may be retried by its activity: a task already known is not queued twice.
    const known =
      this.data.waiting.includes(arrival.taskId) || this.data.turnHolder?.taskId === arrival.taskId;
    if (!known) this.data.waiting.push(arrival.taskId);
    return this.tick(now);
  }

  contextUpdated(values: ChatContext): void {
    Object.assign(this.data.context, values);
  }

  /** The task's send step is over: release the turn and route the message's events to the task. */
  taskSent(sent: TaskSent, now: number): ChatEffect[] {
    if (this.data.turnHolder?.taskId === sent.taskId) this.data.turnHolder = null;
    const effects: ChatEffect[] = [];
    if (sent.messageId !== undefined) {
      this.data.routes[sent.messageId] = sent.taskId;
      const early = this.data.buffered.filter((b) => b.messageId === sent.messageId);
      this.data.buffered = this.data.buffered.filter((b) => b.messageId !== sent.messageId);
      effects.push(...early.map((b) => deliver(sent.taskId, b.event)));
    }
    return [...effects, ...this.tick(now)];
  }

  taskResolved(resolved: TaskResolved, now: number): ChatEffect[] {
    if (resolved.notification) this.data.context.notification = resolved.notification;
    for (const [messageId, taskId] of Object.entries(this.data.routes)) {
      if (taskId !== resolved.taskId) continue;
      delete this.data.routes[messageId];
      this.data.recentlyClosed = [...this.data.recentlyClosed, messageId].slice(-MAX_RECENTLY_CLOSED);
    }
    this.data.waiting = this.data.waiting.filter((id) => id !== resolved.taskId);
    if (this.data.turnHolder?.taskId === resolved.taskId) this.data.turnHolder = null;
    return this.tick(now);
  }

  channelEvents(events: ChannelEvent[], now: number): ChatEffect[] {
    if (this.data.aliasOf !== null) return [{ kind: 'forward', chatId: this.data.aliasOf, events }];
    const effects = events.flatMap((event) =>
      event.kind === 'inbound' ? this.inbound(event, now) : this.status(event, now),
    );
    return [...effects, ...this.tick(now)];
  }

  /** From now on this chat forwards everything, including what it buffered, to `chatId`. */
  aliasOf(chatId: string): ChatEffect[] {
    this.data.aliasOf = chatId;
    const buffered = this.data.buffered.map((b) => b.event);
    this.data.buffered = [];
    return buffered.length > 0 ? [{ kind: 'forward', chatId, events: buffered }] : [];
  }

  openDialog(now: number, by: 'inbound' | 'api'): void {
    const openedAt = this.data.dialog?.openedAt ?? now;
    this.data.dialog = { openedAt, lastActivityAt: now, openedBy: this.data.dialog?.openedBy ?? by };
  }

  closeDialog(now: number): ChatEffect[] {
    this.data.dialog = null;
    return this.tick(now);
  }

  /** Applies every time-based rule due at `now`, then grants the next waiting task if it may run. */
  tick(now: number): ChatEffect[] {
    const { dialog, turnHolder } = this.data;
    if (dialog && now >= dialog.lastActivityAt + this.data.inactivityTimeoutMs) this.data.dialog = null;
    if (turnHolder && now >= turnHolder.grantedAt + TURN_LEASE_MS) this.data.turnHolder = null;
    this.data.buffered = this.data.buffered.filter((b) => now < b.receivedAt + BUFFER_TTL_MS);
    const next = this.data.waiting[0];
    if (this.data.dialog !== null || this.data.turnHolder !== null || next === undefined) return [];
    this.data.waiting.shift();
    this.data.turnHolder = { taskId: next, grantedAt: now };
    return [this.grant(next)];
  }

  /** When `tick` next has something to do: dialog expiry, turn lease, buffer expiry. */
  nextDeadline(): number | undefined {
    const { dialog, turnHolder, buffered } = this.data;
    const candidates = [
      dialog ? dialog.lastActivityAt + this.data.inactivityTimeoutMs : undefined,
      turnHolder ? turnHolder.grantedAt + TURN_LEASE_MS : undefined,
      buffered[0] ? buffered[0].receivedAt + BUFFER_TTL_MS : undefined,
    ].filter((t): t is number => t !== undefined);
    return candidates.length > 0 ? Math.min(...candidates) : undefined;
  }

  view(): ChatStateView {
    const { dialog } = this.data;
    return {
      chatId: this.chatId,
      context: this.data.context,
      dialog: dialog && {
        openedAt: new Date(dialog.openedAt).toISOString(),
        lastActivityAt: new Date(dialog.lastActivityAt).toISOString(),
        openedBy: dialog.openedBy,
      },
      waiting: [...this.data.waiting],
      turnHolder: this.data.turnHolder?.taskId ?? null,
      aliasOf: this.data.aliasOf,
    };
  }

  /** A message from the recipient opens (or extends) the dialog and answers the tasks it concerns. */
  private inbound(event: ChannelEvent & { kind: 'inbound' }, now: number): ChatEffect[] {
    this.openDialog(now, 'inbound');
    const repliedTo =
      event.contextMessageId !== undefined ? this.data.routes[event.contextMessageId] : undefined;
    if (repliedTo !== undefined) return [deliver(repliedTo, event)];
    // A plain message answers every task of this chat still waiting for a status (SPEC: "a message
    // from the recipient" means the notification reached them).
    const awaiting = new Set(Object.values(this.data.routes));
    return [...awaiting].map((taskId) => deliver(taskId, event));
  }

  private status(event: ChannelEvent & { kind: 'status' }, now: number): ChatEffect[] {
    const taskId = this.data.routes[event.messageId];
    if (taskId !== undefined) return [deliver(taskId, event)];
    if (this.data.recentlyClosed.includes(event.messageId)) return [];
    this.data.buffered = [
      ...this.data.buffered,
      { messageId: event.messageId, event, receivedAt: now },
    ].slice(-MAX_BUFFERED_EVENTS);
    return [];
  }

  private grant(taskId: string): ChatEffect {
    return { kind: 'grant', taskId, context: { ...this.data.context } };
  }
}

function deliver(taskId: string, event: ChannelEvent): ChatEffect {
  return { kind: 'deliver', taskId, event };
}
