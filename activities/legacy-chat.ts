/**
 * Activities only the previous version's workflows call (workflows/legacy): they signal its
 * long-lived `chatWorkflow`. Kept so executions started before the upgrade complete.
 */
import { activityInfo } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { chatWorkflow } from '../workflows/legacy/chat-workflow.js';
import { aliasOfSignal, taskArrivedSignal, type TaskArrival } from '../workflows/legacy/messages.js';
import { runBuildIsolated } from './build-pool.js';
import type { BuildInput } from './template-request.js';

export interface EnterChatInput {
  chatId: string;
  channelId: string;
  recipient: string;
  arrival: TaskArrival;
}

export function createLegacyChatActivities(client: Client) {
  return {
    /** Creates the chat if this is its first task and queues the task. */
    async enterChat(input: EnterChatInput): Promise<void> {
      await client.workflow.signalWithStart<typeof chatWorkflow, [TaskArrival]>('chatWorkflow', {
        workflowId: input.chatId,
        taskQueue: activityInfo().taskQueue,
        args: [
          {
            channelId: input.channelId,
            recipient: input.recipient,
            inactivityTimeoutSeconds: input.arrival.inactivityTimeoutSeconds,
          },
        ],
        signal: taskArrivedSignal,
        signalArgs: [input.arrival],
      });
    },

    /** Makes the chat of `waId` forward its events to `targetChatId` (wa_id ≠ the digits we sent to). */
    async aliasChat(input: { aliasChatId: string; channelId: string; waId: string; targetChatId: string }) {
      await client.workflow.signalWithStart<typeof chatWorkflow, [{ chatId: string }]>('chatWorkflow', {
        workflowId: input.aliasChatId,
        taskQueue: activityInfo().taskQueue,
        args: [{ channelId: input.channelId, recipient: input.waId }],
        signal: aliasOfSignal,
        signalArgs: [{ chatId: input.targetChatId }],
      });
    },

    /** Pure CPU work, run as a local activity: expressions are bounded in steps and output. */
    buildTemplateRequest(input: BuildInput) {
      return runBuildIsolated(input);
    },
  };
}
