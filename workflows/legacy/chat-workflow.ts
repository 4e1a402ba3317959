// FROZEN: the previous version, kept so running executions complete. Do not edit.
/**
 * One long-lived entity workflow per chat (id: `chatWorkflowId(channel, recipient)`). The rules live
 * in ChatState; this file wires signals and queries to it, sleeps until the next deadline, carries
 * out the effects as signals, and continues-as-new with its whole state when history grows.
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
import { ChatState, initialChatState, type ChatEffect, type ChatStateData } from './chat-state.js';
import {
  aliasOfSignal,
  channelEventsSignal,
  chatStateQuery,
  closeDialogSignal,
  contextUpdatedSignal,
  openDialogSignal,
  taskArrivedSignal,
  taskChannelEventSignal,
  taskResolvedSignal,
  taskSentSignal,
  turnGrantedSignal,
} from './messages.js';

export interface ChatWorkflowInput {
  channelId: string;
  /** Recipient digits. */
  recipient: string;
  inactivityTimeoutSeconds?: number;
  /** Present after continue-as-new. */
  state?: ChatStateData;
  /** Continue-as-new after this many history events (the server also suggests it); tests lower it. */
  maxHistoryEvents?: number;
}

const DEFAULT_MAX_HISTORY_EVENTS = 2000;

export async function chatWorkflow(input: ChatWorkflowInput): Promise<void> {
  const chatId = workflowInfo().workflowId;
  const chat = new ChatState(chatId, input.state ?? initialChatState(input.inactivityTimeoutSeconds));
  const outbox: ChatEffect[] = [];
  const run = (effects: ChatEffect[]) => void outbox.push(...effects);

  setHandler(taskArrivedSignal, (arrival) => run(chat.taskArrived(arrival, Date.now())));
  setHandler(contextUpdatedSignal, ({ values }) => chat.contextUpdated(values));
  setHandler(taskSentSignal, (sent) => run(chat.taskSent(sent, Date.now())));
  setHandler(taskResolvedSignal, (resolved) => run(chat.taskResolved(resolved, Date.now())));
  setHandler(channelEventsSignal, (events) => run(chat.channelEvents(events, Date.now())));
  setHandler(aliasOfSignal, ({ chatId: target }) => run(chat.aliasOf(target)));
  setHandler(openDialogSignal, (options) => {
    if (options?.inactivityTimeoutSeconds)
      chat.data.inactivityTimeoutMs = options.inactivityTimeoutSeconds * 1000;
    chat.openDialog(Date.now(), 'api');
  });
  setHandler(closeDialogSignal, () => run(chat.closeDialog(Date.now())));
  setHandler(chatStateQuery, () => chat.view());

  const maxHistory = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const historyFull = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= maxHistory;

  for (;;) {
    const deadline = chat.nextDeadline();
    const wake = () => outbox.length > 0 || historyFull();
    if (deadline === undefined) await condition(wake);
    else await condition(wake, Math.max(deadline - Date.now(), 1));
    run(chat.tick(Date.now()));
    const gone = await carryOut(outbox.splice(0));
    // A task that cannot take its turn (terminated) gives it back at once instead of after the lease.
    for (const taskId of gone) run(chat.taskResolved({ taskId }, Date.now()));
    if (historyFull() && outbox.length === 0) {
      await condition(allHandlersFinished);
      if (outbox.length > 0) continue;
      await continueAsNew<typeof chatWorkflow>({ ...input, state: chat.data });
    }
  }
}

/**
 * Signals to tasks and chats. A target that has ended (a task already resolved) is not an error;
 * returns the tasks whose turn grant could not be delivered.
 */
async function carryOut(effects: ChatEffect[]): Promise<string[]> {
  const gone: string[] = [];
  await Promise.all(
    effects.map(async (effect) => {
      try {
        if (effect.kind === 'grant') {
          await getExternalWorkflowHandle(effect.taskId).signal(turnGrantedSignal, {
            context: effect.context,
          });
        } else if (effect.kind === 'deliver') {
          await getExternalWorkflowHandle(effect.taskId).signal(taskChannelEventSignal, effect.event);
        } else {
          await getExternalWorkflowHandle(effect.chatId).signal(channelEventsSignal, effect.events);
        }
      } catch (err) {
        // Late duplicates for a task that just finished are normal; a lost turn grant is not.
        if (effect.kind === 'grant') {
          log.warn('turn grant not delivered: the task is gone', { taskId: effect.taskId, err });
          gone.push(effect.taskId);
        } else log.debug('channel event not delivered: its target is gone', { effect: effect.kind, err });
      }
    }),
  );
  return gone;
}
