import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { chatWorkflow } from '../../../workflows/chat-workflow.js';
import { chatWorkflowId } from '../../../workflows/ids.js';
import { chatStateQuery, closeDialogSignal, openDialogSignal } from '../../../workflows/messages.js';

/** Opens a chat's dialog the way the admin API does: signal-with-start, the chat may not exist yet. */
export async function openDialog(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  channelId: string,
  recipient: string,
  extra: { maxHistoryEvents?: number } = {},
) {
  await env.client.workflow.signalWithStart<typeof chatWorkflow, [{ inactivityTimeoutSeconds?: number }?]>(
    'chatWorkflow',
    {
      workflowId: chatWorkflowId(channelId, recipient),
      taskQueue,
      args: [{ channelId, recipient, ...extra }],
      signal: openDialogSignal,
      signalArgs: [{}],
    },
  );
}

export function closeDialog(env: TestWorkflowEnvironment, channelId: string, recipient: string) {
  return env.client.workflow.getHandle(chatWorkflowId(channelId, recipient)).signal(closeDialogSignal);
}

export function chatState(env: TestWorkflowEnvironment, channelId: string, recipient: string) {
  return env.client.workflow.getHandle(chatWorkflowId(channelId, recipient)).query(chatStateQuery);
}
