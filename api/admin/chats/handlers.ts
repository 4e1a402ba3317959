import type { OpenAPIHono } from '@hono/zod-openapi';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { NotFoundError, type Store } from '../../../store/index.js';
import type { chatEntityWorkflow } from '../../../workflows/chat-entity-workflow.js';
import { chatEntityWorkflowId, chatWorkflowId, recipientDigits } from '../../../workflows/ids.js';
import {
  chatStateQuery,
  closeDialogSignal,
  openDialogSignal,
  type ChatEntityView,
} from '../../../workflows/messages.js';
import type { AdminApiDeps } from '../deps.js';
import * as routes from './routes.js';

/**
 * Dialog control (open or close a chat's dialog, read its context). The context and aliases live in
 * the store; the dialog and the waiting tasks in the chat's entity workflow, which runs only while
 * something is pending — no entity means no dialog and no queue.
 */
export function registerChatRoutes(app: OpenAPIHono, deps: AdminApiDeps): void {
  const { client, taskQueue } = deps.temporal;
  const { store } = deps;

  const existingChannel = async (channelId: string) => {
    if (!(await store.getChannel(channelId))) throw new NotFoundError('Channel');
  };

  app.openapi(routes.getChat, async (c) => {
    const { channelId, recipient } = c.req.valid('param');
    await existingChannel(channelId);
    return c.json(await readChat(store, client, chatWorkflowId(channelId, recipient)), 200);
  });

  app.openapi(routes.openDialog, async (c) => {
    const { channelId, recipient } = c.req.valid('param');
    await existingChannel(channelId);
    const timeout = (await c.req.json().catch(() => ({}))) as { inactivity_timeout_seconds?: number };
    const parsed = routes.OpenDialogSchema.parse(timeout);
    const chatId = await store.resolveChat(chatWorkflowId(channelId, recipient));
    const seconds = parsed.inactivity_timeout_seconds ?? (await store.getChatInactivityTimeout(chatId));
    const options = seconds ? { inactivityTimeoutSeconds: seconds } : {};
    // Signal-with-start: opening a dialog for a recipient who has no chat yet creates it.
    await client.workflow.signalWithStart<
      typeof chatEntityWorkflow,
      [{ inactivityTimeoutSeconds?: number }?]
    >('chatEntityWorkflow', {
      workflowId: chatEntityWorkflowId(chatId),
      taskQueue,
      args: [{ channelId, recipient: recipientDigits(recipient), ...options, ...deps.chatEntity }],
      signal: openDialogSignal,
      signalArgs: [options],
    });
    return c.json(await readChat(store, client, chatId, true), 200);
  });

  app.openapi(routes.closeDialog, async (c) => {
    const { channelId, recipient } = c.req.valid('param');
    await existingChannel(channelId);
    const chatId = await store.resolveChat(chatWorkflowId(channelId, recipient));
    try {
      await client.workflow.getHandle(chatEntityWorkflowId(chatId)).signal(closeDialogSignal);
    } catch (err) {
      // No entity: no dialog to close. Still 404 for a chat that never existed.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    return c.json(await readChat(store, client, chatId), 200);
  });
}

async function readChat(store: Store, client: Client, requested: string, created = false) {
  const chatId = await store.resolveChat(requested);
  const [context, entity] = await Promise.all([store.findChatContext(chatId), queryEntity(client, chatId)]);
  if (context === undefined && entity === undefined && !created) throw new NotFoundError('Chat');
  return {
    chat_id: requested,
    context: context ?? {},
    dialog: entity?.dialog
      ? {
          opened_at: entity.dialog.openedAt,
          last_activity_at: entity.dialog.lastActivityAt,
          opened_by: entity.dialog.openedBy,
        }
      : null,
    waiting_tasks: entity?.waiting ?? [],
    turn_holder: entity?.turnHolder ?? null,
    alias_of: chatId !== requested ? chatId : null,
  };
}

/** `undefined` when the entity is not running (nothing pending) or has just completed. */
async function queryEntity(client: Client, chatId: string): Promise<ChatEntityView | undefined> {
  try {
    return await client.workflow.getHandle(chatEntityWorkflowId(chatId)).query(chatStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
