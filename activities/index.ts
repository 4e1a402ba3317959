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
import { postBranchHook, type BranchHookBody } from './branch-hook.js';
import { createMemorySendBucket } from '../store/send-bucket/memory-bucket.js';
import type { SendBucket } from '../store/send-bucket/rules.js';
import { defaultSendPolicy, type SendPolicy } from './d360-send.js';
import { pacedSend } from './send-pacing-activity.js';
import { buildTemplateRequest, messagesPath, type TemplatePayload } from './template-request.js';

/** What the send activity needs of a channel; read at send time so keys never enter workflow history. */
export interface ChannelCredentials {
  kind: ChannelKind;
  baseUrl: string;
  apiKey: string;
  active: boolean;
  /** The most sends per second all workers together make on this number (CONTRACTS §5). */
  sendRatePerSecond: number;
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
  /**
   * The channels' shared send bucket: the store's, so every worker stays under a channel's rate
   * together. Unset = a bucket in this process's memory (one worker only).
   */
  sendBucket?: SendBucket;
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
  const sendBucket = deps.sendBucket ?? createMemorySendBucket();

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

    /** Pure CPU work, run as a local activity: expressions are bounded in steps and output. */
    buildTemplateRequest(input: Parameters<typeof buildTemplateRequest>[0]) {
      return Promise.resolve(buildTemplateRequest(input));
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
      const result = await pacedSend({
        bucket: sendBucket,
        taskId: input.taskId,
        channelId: input.channelId,
        ratePerSecond: channel.sendRatePerSecond,
        log,
        metrics: deps.metrics,
        send: {
          url,
          apiKey: channel.apiKey,
          payload: input.payload,
          policy: sendPolicy,
          fetch: fetchImpl,
          sleep: heartbeatingSleep,
          onRetry: (attempt, why, delayMs) => log.warn('retrying send', { attempt, why, delayMs }),
        },
      });
      if (result.kind === 'throttled' && result.httpStatus === null) return result;
      const httpStatus = 'httpStatus' in result ? result.httpStatus : null;
      log.info('template sent', { outcome: result.kind, httpStatus, latencyMs: Date.now() - started });
      deps.metrics?.channelSendDuration.observe(
        { outcome: result.kind, http_status: String(httpStatus ?? 'none') },
        (Date.now() - started) / 1000,
      );
      return result;
    },

    async postBranchHook(input: { url: string; body: BranchHookBody }): Promise<void> {
      await postBranchHook(input.url, input.body, fetchImpl, deps.hookTimeoutMs ?? 10_000);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;

/** Sleeps that a cancellation ends and that tell Temporal the activity is alive. */
async function heartbeatingSleep(ms: number): Promise<void> {
  heartbeat();
  await activitySleep(ms);
}
