/**
 * The task's status as the workflow knows it: its query (tests, debugging) and its result. The task
 * status endpoint reads the store's `tasks` row, which the activities keep in step with this.
 */
import type { ChannelEvent } from './channel-events.js';
import type { TaskStatusView } from './messages.js';
import type { StepOutcome } from './task-outcome.js';
import type { TaskWorkflowInput } from './task-workflow.js';

export class TaskRecord {
  private readonly state: TaskStatusView;

  constructor(readonly input: TaskWorkflowInput) {
    this.state = {
      taskId: input.taskId,
      webhook: input.slot.webhook,
      status: 'accepted',
      urgent: input.urgent,
      branch: null,
      description: null,
      detail: null,
      waitingReason: null,
      channelResponse: null,
      messageId: null,
      branchHook: null,
      timestamps: { acceptedAt: input.acceptedAt },
    };
  }

  /** Queued in the chat (dialog open, earlier tasks) or waiting for channel capacity (the reason says which). */
  waiting(reason?: string): void {
    this.state.status = 'waiting';
    this.state.waitingReason = reason ?? null;
  }

  sending(): void {
    this.state.status = 'sending';
    this.state.waitingReason = null;
    this.state.timestamps.startedAt ??= now();
  }

  stepDone(
    outcome: StepOutcome,
    extra: { messageId?: string | undefined; detail?: string | undefined; event?: ChannelEvent | undefined },
  ) {
    this.state.status = outcome.status;
    this.state.waitingReason = null;
    this.state.branch = outcome.branch ?? null;
    this.state.description = outcome.result?.description ?? null;
    // No account writes nothing to the chat, but the status endpoint still shows the channel's event.
    this.state.channelResponse = outcome.result?.channel_response ?? extra.event?.body ?? null;
    if (extra.messageId !== undefined) this.state.messageId = extra.messageId;
    if (extra.detail !== undefined) this.state.detail = extra.detail;
    if (outcome.status === 'sent') this.state.timestamps.sentAt = now();
    if (outcome.branch !== undefined) this.state.timestamps.resolvedAt = now();
  }

  branchHookDone(result: 'delivered' | 'failed'): void {
    this.state.branchHook = result;
    this.state.timestamps.branchHookAt = now();
  }

  view(): TaskStatusView {
    // A copy, so a query result can never alias live state (structuredClone is not in the workflow sandbox).
    return JSON.parse(JSON.stringify(this.state)) as TaskStatusView;
  }
}

/** Workflow time: deterministic on replay. */
function now(): string {
  return new Date(Date.now()).toISOString();
}
