/**
 * The rules of one chat while something is pending, as a plain class with no Temporal calls: the
 * dialog and its inactivity timeout, the turn order of tasks, and when the chat may end. The chat
 * context, message routes and aliases live in the store, so a chat with nothing pending holds
 * nothing and its workflow can complete. Methods return the grants the workflow must signal.
 */
import type { ArrivalAnswer, ChatEntityView, TaskArrival } from './messages.js';

/** Everything a chat entity knows; carried whole across continue-as-new. Times are epoch ms. */
export interface ChatStateData {
  dialog: { openedAt: number; lastActivityAt: number; openedBy: 'inbound' | 'api' } | null;
  inactivityTimeoutMs: number;
  /** Non-urgent tasks waiting for their turn, in arrival order. */
  waiting: string[];
  /** The task building and sending now; the next waits until it reports `taskSent`. */
  turnHolder: { taskId: string; grantedAt: number } | null;
}

export const DEFAULT_INACTIVITY_TIMEOUT_SECONDS = 900;
/** A task that got the turn but never reported back (terminated, bug) must not block the chat forever. */
export const TURN_LEASE_MS = 10 * 60 * 1000;

export function initialChatState(inactivityTimeoutSeconds?: number): ChatStateData {
  return {
    dialog: null,
    inactivityTimeoutMs: (inactivityTimeoutSeconds ?? DEFAULT_INACTIVITY_TIMEOUT_SECONDS) * 1000,
    waiting: [],
    turnHolder: null,
  };
}

export class ChatState {
  constructor(
    readonly chatId: string,
    readonly data: ChatStateData,
  ) {}

  /**
   * SPEC section 4 urgency: urgent runs now and interrupts the dialog; non-urgent runs now when
   * nothing is pending, else queues (FIFO). Repeating an arrival (a retried update) answers the same.
   */
  taskArrived(arrival: TaskArrival, now: number): { answer: ArrivalAnswer; grants: string[] } {
    this.data.inactivityTimeoutMs = arrival.inactivityTimeoutSeconds * 1000;
    if (arrival.urgent) {
      this.data.dialog = null;
      // It takes a free turn, so the non-urgent tasks its interruption releases are sent after it.
      this.data.turnHolder ??= { taskId: arrival.taskId, grantedAt: now };
      return { answer: { granted: true }, grants: this.tick(now) };
    }
    if (this.data.turnHolder?.taskId === arrival.taskId) return { answer: { granted: true }, grants: [] };
    if (!this.data.waiting.includes(arrival.taskId)) this.data.waiting.push(arrival.taskId);
    const grants = this.tick(now);
    if (grants.includes(arrival.taskId)) {
      return { answer: { granted: true }, grants: grants.filter((id) => id !== arrival.taskId) };
    }
    const reason = this.data.dialog !== null ? 'dialog open' : 'queued behind earlier tasks of this chat';
    return { answer: { granted: false, reason }, grants };
  }

  /** The turn holder's send step is over (or a waiting task is gone): the turn passes on. */
  taskSent(taskId: string, now: number): string[] {
    if (this.data.turnHolder?.taskId === taskId) this.data.turnHolder = null;
    this.data.waiting = this.data.waiting.filter((id) => id !== taskId);
    return this.tick(now);
  }

  openDialog(now: number, by: 'inbound' | 'api', inactivityTimeoutSeconds?: number): void {
    if (inactivityTimeoutSeconds) this.data.inactivityTimeoutMs = inactivityTimeoutSeconds * 1000;
    const openedAt = this.data.dialog?.openedAt ?? now;
    this.data.dialog = { openedAt, lastActivityAt: now, openedBy: this.data.dialog?.openedBy ?? by };
  }

  closeDialog(now: number): string[] {
    this.data.dialog = null;
    return this.tick(now);
  }

  /** Applies every time-based rule due at `now`, then grants the next waiting task if it may run. */
  tick(now: number): string[] {
    const { dialog, turnHolder } = this.data;
    if (dialog && now >= dialog.lastActivityAt + this.data.inactivityTimeoutMs) this.data.dialog = null;
    if (turnHolder && now >= turnHolder.grantedAt + TURN_LEASE_MS) this.data.turnHolder = null;
    const next = this.data.waiting[0];
    if (this.data.dialog !== null || this.data.turnHolder !== null || next === undefined) return [];
    this.data.waiting.shift();
    this.data.turnHolder = { taskId: next, grantedAt: now };
    return [next];
  }

  /** When `tick` next has something to do: dialog expiry or turn lease. */
  nextDeadline(): number | undefined {
    const { dialog, turnHolder } = this.data;
    const candidates = [
      dialog ? dialog.lastActivityAt + this.data.inactivityTimeoutMs : undefined,
      turnHolder ? turnHolder.grantedAt + TURN_LEASE_MS : undefined,
    ].filter((t): t is number => t !== undefined);
    return candidates.length > 0 ? Math.min(...candidates) : undefined;
  }

  /** Nothing pending: no dialog, no waiting task, no turn holder. The workflow may end after its idle period. */
  idle(): boolean {
    return this.data.dialog === null && this.data.waiting.length === 0 && this.data.turnHolder === null;
  }

  view(): ChatEntityView {
    const { dialog } = this.data;
    return {
      chatId: this.chatId,
      dialog: dialog && {
        openedAt: new Date(dialog.openedAt).toISOString(),
        lastActivityAt: new Date(dialog.lastActivityAt).toISOString(),
        openedBy: dialog.openedBy,
      },
      waiting: [...this.data.waiting],
      turnHolder: this.data.turnHolder?.taskId ?? null,
    };
  }
}
