import { WorkflowNotFoundError } from '@temporalio/client';
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
  return duringContinueAsNew(() =>
    env.client.workflow.getHandle(chatWorkflowId(channelId, recipient)).signal(closeDialogSignal),
  );
}

export function chatState(env: TestWorkflowEnvironment, channelId: string, recipient: string) {
  return duringContinueAsNew(() =>
    env.client.workflow.getHandle(chatWorkflowId(channelId, recipient)).query(chatStateQuery),
  );
}

/**
 * The Java test server's continue-as-new is not atomic (sdk-java#1538): a call in that instant can
 * get NOT_FOUND ("Completed workflow"). A real server never does this; tests retry briefly.
 */
async function duringContinueAsNew<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) || attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
