/**
 * Workflow ids and the task queue, derived in one place so the API, the activities and the workflows
 * can never disagree about which workflow a message belongs to.
 */

/** The task queue the worker polls; override with TEMPORAL_TASK_QUEUE (tests use one per test). */
export const DEFAULT_TASK_QUEUE = 'wa-notify';

/** Recipient ids are compared as digits only: `+7929…` and `7929…` are the same person. */
export function recipientDigits(recipientId: string): string {
  return recipientId.replace(/\D/g, '');
}

/** One chat per channel and recipient (SPEC section 1). */
export function chatWorkflowId(channelId: string, recipientId: string): string {
  return `chat:${channelId}:${recipientDigits(recipientId)}`;
}

/** The notification workflow id IS the task id returned to the integrator (SPEC section 3). */
export function taskWorkflowId(taskId: string): string {
  return taskId;
}

/**
 * The workflow id of a chat's entity workflow (dialog, turn order). Not the chat id itself: the
 * previous version's long-lived `chatWorkflow` executions keep that id until they are retired.
 */
export function chatEntityWorkflowId(chatId: string): string {
  return `entity:${chatId}`;
}
