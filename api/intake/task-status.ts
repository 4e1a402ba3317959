/**
 * `GET /notification/{webhook}/tasks/{task_id}` (SPEC section 3, "Task status"): the notification
 * workflow's status query, shown in the HTTP contract's snake_case. A task of another webhook is
 * answered exactly like an unknown one, so task ids cannot be probed across slots.
 */
import { QueryNotRegisteredError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { taskWorkflowId } from '../../workflows/ids.js';
import { taskStatusQuery, type TaskStatusView } from '../../workflows/messages.js';

export interface TaskStatusResponse {
  task_id: string;
  status: TaskStatusView['status'];
  is_urgent: boolean;
  branch: TaskStatusView['branch'];
  description: string | null;
  detail: string | null;
  /** Why a `waiting` task waits (its turn in the chat, the channel's send rate, a 429 …). */
  waiting_reason: string | null;
  channel_response: unknown;
  message_id: string | null;
  branch_hook: TaskStatusView['branchHook'];
  timestamps: Record<string, string>;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function toTaskStatusResponse(view: TaskStatusView): TaskStatusResponse {
  return {
    task_id: view.taskId,
    status: view.status,
    is_urgent: view.urgent,
    branch: view.branch,
    description: view.description,
    detail: view.detail,
    waiting_reason: view.waitingReason ?? null,
    channel_response: view.channelResponse,
    message_id: view.messageId,
    branch_hook: view.branchHook,
    timestamps: Object.fromEntries(Object.entries(view.timestamps).map(([k, v]) => [snake(k), v])),
  };
}

export async function readTaskStatus(
  client: Client,
  webhook: string,
  taskId: string,
): Promise<TaskStatusResponse | undefined> {
  try {
    const view = await client.workflow.getHandle(taskWorkflowId(taskId)).query(taskStatusQuery);
    return view.webhook === webhook ? toTaskStatusResponse(view) : undefined;
  } catch (err) {
    // Not a task at all (unknown id, or the id of some other workflow such as a chat).
    if (err instanceof WorkflowNotFoundError || err instanceof QueryNotRegisteredError) return undefined;
    throw err;
  }
}
