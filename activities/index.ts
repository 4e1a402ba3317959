/**
 * Every activity of the service, created from its dependencies so tests pass real fakes of the
 * same types. Workflows import only the *type* of this factory's result.
 */
import { activityInfo, heartbeat, sleep as activitySleep } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import type { chatWorkflow } from '../workflows/chat-workflow.js';
import { aliasOfSignal, taskArrivedSignal, type TaskArrival } from '../workflows/messages.js';
import type { ChannelKind } from '../workflows/slot-snapshot.js';
import type { SendResult } from '../workflows/task-outcome.js';
import {
  hookUrlWithCredentials,
  postBranchHook,
  type BranchHookCredentialsReader,
  type BranchHookInput,
} from './branch-hook.js';
import { defaultSendPolicy, sendToChannel, type SendPolicy } from './d360-send.js';
import { runBuildIsolated, warmUpBuildPool } from './build-pool.js';
import { messagesPath, type BuildInput, type TemplatePayload } from './template-request.js';

/** What the send activity needs of a channel; read at send time so keys never enter workflow history. */
export interface ChannelCredentials {
  kind: ChannelKind;
  baseUrl: string;
  apiKey: string;
  active: boolean;
}

export interface ChannelCredentialsReader {
  /** `undefined` for an unknown or deleted channel. */
  getChannelSecrets(channelId: string): Promise<ChannelCredentials | undefined>;
}

export interface ActivityDeps {
  channels: ChannelCredentialsReader;
  /** Used to signal-with-start chat workflows. */
  client: Client;
  logger: Logger;
  fetch?: typeof fetch;
  sendPolicy?: Partial<SendPolicy>;
  /** Per attempt of a branch hook POST. */
  hookTimeoutMs?: number;
  metrics?: Metrics;
  /** Where branch-hook credentials are read (the store); without it hooks are called as the task names them. */
  hookCredentials?: BranchHookCredentialsReader;
}

export interface EnterChatInput {
  chatId: string;
  channelId: string;
  recipient: string;
  arrival: TaskArrival;
}

export function createActivities(deps: ActivityDeps) {
  const fetchImpl = deps.fetch ?? fetch;
  const sendPolicy = { ...defaultSendPolicy, ...deps.sendPolicy };
  const { client } = deps;
  warmUpBuildPool(); // a thread starts in 0.1–2 s: not on the first task's path

  return {
    /** Creates the chat if this is its first task (SPEC: chats are created by mailing requests) and queues the task. */
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

    /** Pure CPU work, run as a local activity in a build thread (bounded; never blocks this event loop). */
    buildTemplateRequest(input: BuildInput) {
      return runBuildIsolated(input);
    },

    async sendTemplate(input: {
      taskId: string;
      channelId: string;
      payload: TemplatePayload;
    }): Promise<SendResult> {
      const log = deps.logger.child({ taskId: input.taskId, channelId: input.channelId });
      const channel = await deps.channels.getChannelSecrets(input.channelId);
      if (!channel || !channel.active) {
        log.warn('channel deleted or inactive at send time');
        return { kind: 'unreachable', reason: 'channel deleted or inactive' };
      }
      // SPEC: `POST {base}/messages`: a path in the base URL (a gateway prefix) is kept.
      const url = channel.baseUrl.replace(/\/+$/, '') + messagesPath(channel.kind);
      const started = Date.now();
      const result = await sendToChannel({
        url,
        apiKey: channel.apiKey,
        payload: input.payload,
        policy: sendPolicy,
        fetch: fetchImpl,
        sleep: async (ms) => {
          heartbeat();
          await activitySleep(ms);
        },
        onRetry: (attempt, why, delayMs) => log.warn('retrying send', { attempt, why, delayMs }),
      });
      const httpStatus = 'httpStatus' in result ? result.httpStatus : null;
      log.info('template sent', { outcome: result.kind, httpStatus, latencyMs: Date.now() - started });
      deps.metrics?.channelSendDuration.observe(
        { outcome: result.kind, http_status: String(httpStatus ?? 'none') },
        (Date.now() - started) / 1000,
      );
      return result;
    },

    async postBranchHook(input: BranchHookInput): Promise<void> {
      const url = await hookUrlWithCredentials(input, deps.hookCredentials);
      await postBranchHook(url, input.body, fetchImpl, deps.hookTimeoutMs ?? 10_000);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
