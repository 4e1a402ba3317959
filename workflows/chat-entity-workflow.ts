/**
 * One chat entity per chat while something is pending there (id: `chatEntityWorkflowId`): an open
 * dialog, tasks waiting for their turn, or a turn holder. It holds no context, routes or buffers
 * (they live in the store), so once nothing is pending for `idleSeconds` it completes; the next
 * inbound message or dialog open starts it again. Rules live in ChatState; this file wires them.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { ChatState, initialChatState, type ChatStateData } from './chat-state.js';
import {
  chatStateQuery,
  closeDialogSignal,
  openDialogSignal,
  recipientMessageSignal,
  taskArrivedUpdate,
  taskSentSignal,
  turnGrantedSignal,
} from './messages.js';

export interface ChatEntityInput {
  channelId: string;
  /** Recipient digits. */
  recipient: string;
  inactivityTimeoutSeconds?: number;
  /** How long a chat with nothing pending stays before it completes (CHAT_IDLE_SECONDS). */
  idleSeconds?: number;
  /** Present after continue-as-new. */
  state?: ChatStateData;
  /** Continue-as-new after this many history events (the server also suggests it); tests lower it. */
  maxHistoryEvents?: number;
}

export const DEFAULT_CHAT_IDLE_SECONDS = 60;
const DEFAULT_MAX_HISTORY_EVENTS = 2000;

export async function chatEntityWorkflow(input: ChatEntityInput): Promise<void> {
  const chat = new ChatState(
    workflowInfo().workflowId,
    input.state ?? initialChatState(input.inactivityTimeoutSeconds),
  );
  const grants: string[] = [];
  let touched = false;
  const touch = (granted: string[]) => {
    touched = true;
    grants.push(...granted);
  };

  setHandler(taskArrivedUpdate, (arrival) => {
    const { answer, grants: released } = chat.taskArrived(arrival, Date.now());
    touch(released);
    return answer;
  });
  setHandler(taskSentSignal, ({ taskId }) => touch(chat.taskSent(taskId, Date.now())));
  setHandler(recipientMessageSignal, (options) => {
    chat.openDialog(Date.now(), 'inbound', options?.inactivityTimeoutSeconds);
    touch([]);
  });
  setHandler(openDialogSignal, (options) => {
    chat.openDialog(Date.now(), 'api', options?.inactivityTimeoutSeconds);
    touch([]);
  });
  setHandler(closeDialogSignal, () => touch(chat.closeDialog(Date.now())));
  setHandler(chatStateQuery, () => chat.view());

  const idleMs = (input.idleSeconds ?? DEFAULT_CHAT_IDLE_SECONDS) * 1000;
  const maxHistory = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const historyFull = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= maxHistory;

  for (;;) {
    touched = false;
    const deadline = chat.nextDeadline();
    const wake = () => touched || grants.length > 0 || historyFull();
    // Nothing pending: wait out the idle period; no deadline = idle by definition.
    const waitMs = deadline === undefined ? idleMs : Math.max(deadline - Date.now(), 1);
    const woken = await condition(wake, waitMs);
    touch(chat.tick(Date.now()));
    await grantTurns(chat, grants.splice(0));
    if (!woken && deadline === undefined && chat.idle() && grants.length === 0) {
      await condition(allHandlersFinished);
      if (chat.idle()) return;
    }
    if (historyFull() && grants.length === 0) {
      await condition(allHandlersFinished);
      if (grants.length > 0) continue;
      await continueAsNew<typeof chatEntityWorkflow>({ ...input, state: chat.data });
    }
  }
}

/** Signals the tasks whose turn came; a task that is gone (terminated) gives its turn back at once. */
async function grantTurns(chat: ChatState, taskIds: string[]): Promise<void> {
  for (const taskId of taskIds) {
    try {
      await getExternalWorkflowHandle(taskId).signal(turnGrantedSignal, {});
    } catch (err) {
      log.warn('turn grant not delivered: the task is gone', { taskId, err });
      await grantTurns(chat, chat.taskSent(taskId, Date.now()));
    }
  }
}
