import type { OpenAPIHono } from '@hono/zod-openapi';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { NotFoundError } from '../../../store/index.js';
import type { chatWorkflow } from '../../../workflows/chat-workflow.js';
import { chatWorkflowId, recipientDigits } from '../../../workflows/ids.js';
import {
  chatStateQuery,
  closeDialogSignal,
  openDialogSignal,
  type ChatStateView,
} from '../../../workflows/messages.js';
import type { AdminApiDeps } from '../deps.js';
import * as routes from './routes.js';

/**
 * Dialog control (issue: "open or close a chat's dialog, read its context"): the chat workflow is
 * the source of truth, so these routes are signals and queries, never database writes.
 */
export function registerChatRoutes(app: OpenAPIHono, deps: AdminApiDeps): void {
  const { client, taskQueue } = deps.temporal;

  const existingChannel = async (channelId: string) => {
    if (!(await deps.store.getChannel(channelId))) throw new NotFoundError('Channel');
  };

  app.openapi(routes.getChat, async (c) => {
    const { channelId, recipient } = c.req.valid('param');
    await existingChannel(channelId);
    return c.json(chatView(await queryChat(client, chatWorkflowId(channelId, recipient))), 200);
  });

  app.openapi(routes.openDialog, async (c) => {
    const { channelId, recipient } = c.req.valid('param');
    await existingChannel(channelId);
    const timeout = (await c.req.json().catch(() => ({}))) as { inactivity_timeout_seconds?: number };
    const parsed = routes.OpenDialogSchema.parse(timeout);
    const chatId = chatWorkflowId(channelId, recipient);
    // Signal-with-start: opening a dialog for a recipient who has no chat yet creates it.
    await client.workflow.signalWithStart<typeof chatWorkflow, [{ inactivityTimeoutSeconds?: number }?]>(
      'chatWorkflow',
      {
        workflowId: chatId,
        taskQueue,
        args: [{ channelId, recipient: recipientDigits(recipient) }],
        signal: openDialogSignal,
        signalArgs: [
          parsed.inactivity_timeout_seconds
            ? { inactivityTimeoutSeconds: parsed.inactivity_timeout_seconds }
            : {},
        ],
      },
    );
    return c.json(chatView(await queryChat(client, chatId)), 200);
  });

  app.openapi(routes.closeDialog, async (c) => {
    const { channelId, recipient } = c.req.valid('param');
    await existingChannel(channelId);
    const chatId = chatWorkflowId(channelId, recipient);
    try {
      await client.workflow.getHandle(chatId).signal(closeDialogSignal);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundError('Chat');
      throw err;
    }
    return c.json(chatView(await queryChat(client, chatId)), 200);
  });
}

async function queryChat(client: Client, chatId: string): Promise<ChatStateView> {
  try {
    return await client.workflow.getHandle(chatId).query(chatStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new NotFoundError('Chat');
    throw err;
  }
}

function chatView(chat: ChatStateView) {
  return {
    chat_id: chat.chatId,
    context: chat.context,
    dialog: chat.dialog && {
      opened_at: chat.dialog.openedAt,
      last_activity_at: chat.dialog.lastActivityAt,
      opened_by: chat.dialog.openedBy,
    },
    waiting_tasks: chat.waiting,
    turn_holder: chat.turnHolder,
    alias_of: chat.aliasOf,
  };
}
