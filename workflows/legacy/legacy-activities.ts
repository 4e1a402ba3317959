// FROZEN: the previous version, kept so running executions complete. Do not edit.
/**
 * The activity signatures the previous version's workflows call, frozen with them. The worker still
 * registers activities of these names and shapes (activities/index.ts), so tasks and chats started
 * before the upgrade complete on the new worker.
 */
import type { TaskArrival } from './messages.js';
import type { SendResult } from './task-outcome.js';

export interface Activities {
  enterChat(input: {
    chatId: string;
    channelId: string;
    recipient: string;
    arrival: TaskArrival;
  }): Promise<void>;
  aliasChat(input: {
    aliasChatId: string;
    channelId: string;
    waId: string;
    targetChatId: string;
  }): Promise<void>;
  buildTemplateRequest(input: {
    slot: unknown;
    data: Record<string, unknown>;
    context: Record<string, unknown>;
    recipient: string;
    taskId: string;
  }): Promise<
    | { ok: true; payload: unknown; contextUpdates: Record<string, unknown> }
    | { ok: false; reason: string; contextUpdates: Record<string, unknown> }
  >;
  sendTemplate(input: { taskId: string; channelId: string; payload: unknown }): Promise<SendResult>;
  postBranchHook(input: { url: string; body: unknown }): Promise<void>;
}
