/**
 * What the task status endpoint shows (SPEC section 3, "Task status"), kept up to date by the
 * notification workflow as it moves through the SPEC section 4 steps.
 */
import type { ChannelEvent } from './channel-events.js';
import type { TaskStatusView } from './messages.js';
import type { NotificationWorkflowInput } from './notification-workflow.js';
import type { StepOutcome } from './task-outcome.js';

export class TaskRecord {
  private readonly state: TaskStatusView;

  constructor(readonly input: NotificationWorkflowInput) {
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

  /** In the chat's queue: non-urgent tasks wait here until the dialog closes and their turn comes. */
  waiting(reason?: string): void {
    this.state.status = 'waiting';
    this.state.waitingReason = reason ?? null;
  }

  sending(): void {
    this.state.status = 'sending';
    this.state.waitingReason = null;
    this.state.timestamps.startedAt = now();
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
