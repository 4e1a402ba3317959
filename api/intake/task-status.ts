/**
 * `GET /notification/{webhook}/tasks/{task_id}` (SPEC section 3, "Task status"): the task's row in
 * the store, shown in the HTTP contract's snake_case. No Temporal call at all (SPEC [decided,
 * 2026-12]); the webhook is compared first, so a task of another webhook is answered exactly like an
 * unknown one and task ids cannot be probed across slots.
 */
import type { ExecutionStore, TaskRow } from '../../store/execution-types.js';

export interface TaskStatusResponse {
  task_id: string;
  status: TaskRow['status'];
  is_urgent: boolean;
  branch: TaskRow['branch'];
  description: string | null;
  detail: string | null;
  /** Why a task waits (dialog open, queue, channel rate limit …); null when it does not. */
  waiting_reason: string | null;
  channel_response: unknown;
  message_id: string | null;
  branch_hook: TaskRow['branchHook'];
  timestamps: Record<string, string>;
}

export function toTaskStatusResponse(row: TaskRow): TaskStatusResponse {
  const timestamps: Record<string, string> = { accepted_at: row.acceptedAt.toISOString() };
  if (row.startedAt) timestamps.started_at = row.startedAt.toISOString();
  if (row.sentAt) timestamps.sent_at = row.sentAt.toISOString();
  if (row.resolvedAt) timestamps.resolved_at = row.resolvedAt.toISOString();
  return {
    task_id: row.taskId,
    status: row.status,
    is_urgent: row.urgent,
    branch: row.branch,
    description: row.description,
    detail: row.detail,
    waiting_reason: row.waitingReason,
    channel_response: row.channelResponse,
    message_id: row.messageId,
    branch_hook: row.branchHook,
    timestamps,
  };
}

export async function readTaskStatus(
  tasks: Pick<ExecutionStore, 'getTask'>,
  webhook: string,
  taskId: string,
): Promise<TaskStatusResponse | undefined> {
  const row = await tasks.getTask(taskId);
  if (row === undefined || row.webhook !== webhook) return undefined;
  return toTaskStatusResponse(row);
}
