/**
 * Every activity of the service, created from its dependencies so tests pass real fakes of the
 * same types. Workflows import only the *type* of this factory's result.
 */
import { Context, heartbeat, sleep as activitySleep } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import type { ExecutionStore } from '../store/execution-types.js';
import type { ChannelEvent } from '../workflows/channel-events.js';
import { chatWorkflowId, recipientDigits } from '../workflows/ids.js';
import type { ChannelKind } from '../workflows/slot-snapshot.js';
import type { SendResult } from '../workflows/task-outcome.js';
import {
  hookUrlWithCredentials,
  postBranchHook,
  type BranchHookCredentialsReader,
  type BranchHookInput,
} from './branch-hook.js';
import { createMemorySendBucket } from '../store/send-bucket/memory-bucket.js';
import type { SendBucket } from '../store/send-bucket/rules.js';
import { defaultSendPolicy, type SendPolicy } from './d360-send.js';
import { createLegacyChatActivities } from './legacy-chat.js';
import { warmUpBuildPool } from './build-pool.js';
import { pacedSend } from './send-pacing-activity.js';
import { sendClaim } from './send-claim.js';
import { createTaskSteps, type TaskChat } from './task-steps.js';
import { messagesPath, type TemplatePayload } from './template-request.js';

export type { EnterChatInput } from './legacy-chat.js';

/** What the send activity needs of a channel; read at send time so keys never enter workflow history. */
export interface ChannelCredentials {
  kind: ChannelKind;
  baseUrl: string;
  apiKey: string;
  active: boolean;
  /** The number's send rate (Meta's throughput tier), shared by every worker through the send bucket. */
  sendRatePerSecond: number;
}

export interface ChannelCredentialsReader {
  /** `undefined` for an unknown or deleted channel. */
  getChannelSecrets(channelId: string): Promise<ChannelCredentials | undefined>;
}

export interface ActivityDeps {
  channels: ChannelCredentialsReader;
  /** Task rows, chat contexts, message routes, aliases. */
  store: ExecutionStore;
  /** Updates chat entities; signals the previous version's chats. */
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
  /** Where branch-hook credentials are read (the store); without it hooks are called as the task names them. */
  hookCredentials?: BranchHookCredentialsReader;
}

export interface SendInput {
  taskId: string;
  channelId: string;
  payload: TemplatePayload;
  /** The current workflow passes its chat: the accepted send is recorded in the store right here. */
  record?: TaskChat;
}

/** `earlyEvents`: statuses of the accepted message that arrived before the send was recorded. */
export type SendAnswer = SendResult & { earlyEvents?: ChannelEvent[] };

/** The attempt's cancellation signal; `undefined` when called outside an activity (unit tests). */
function cancellationSignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

/** A send lasts seconds; heartbeats let the server notice a dead worker in ~30 s instead of minutes. */
const HEARTBEAT_EVERY_MS = 5_000;

export function createActivities(deps: ActivityDeps) {
  const fetchImpl = deps.fetch ?? fetch;
  const sendPolicy = { ...defaultSendPolicy, ...deps.sendPolicy };
  const sendBucket = deps.sendBucket ?? createMemorySendBucket();

  /** On 2xx: row `sent`, message route (returning early statuses), and an alias for a differing wa_id. */
  const recordAccepted = async (input: SendInput, result: SendResult & { kind: 'accepted' }) => {
    const chat = input.record as TaskChat;
    await deps.store.updateTask(input.taskId, {
      status: 'sent',
      sentAt: new Date(),
      description: 'received by channel',
      channelResponse: result.body,
      ...(result.messageId !== undefined ? { messageId: result.messageId } : {}),
    });
    const earlyEvents =
      result.messageId !== undefined
        ? await deps.store.routeMessage(input.channelId, result.messageId, input.taskId)
        : [];
    const waId = result.waId !== undefined ? recipientDigits(result.waId) : undefined;
    if (waId !== undefined && waId !== '' && waId !== chat.recipient) {
      await deps.store.addChatAlias(chatWorkflowId(input.channelId, waId), chat.chatId);
    }
    return earlyEvents;
  };
  warmUpBuildPool(); // a thread starts in 0.1–2 s: not on the first task's path

  return {
    ...createLegacyChatActivities(deps.client),
    ...createTaskSteps({ store: deps.store, client: deps.client }),

    async sendTemplate(input: SendInput): Promise<SendAnswer> {
      const log = deps.logger.child({ taskId: input.taskId, channelId: input.channelId });
      const channel = await deps.channels.getChannelSecrets(input.channelId);
      if (!channel || !channel.active) {
        log.warn('channel deleted or inactive at send time');
        return { kind: 'unreachable', reason: 'channel deleted or inactive' };
      }
      // SPEC: `POST {base}/messages`: a path in the base URL (a gateway prefix) is kept.
      const url = channel.baseUrl.replace(/\/+$/, '') + messagesPath(channel.kind);
      const started = Date.now();
      const beat = setInterval(() => {
        try {
          heartbeat();
        } catch {
          // The worker is shutting down: the server's heartbeat timeout takes over.
        }
      }, HEARTBEAT_EVERY_MS);
      beat.unref();
      // A cancelled attempt (worker shutting down) stops beating, so the server sees it is gone.
      cancellationSignal()?.addEventListener('abort', () => clearInterval(beat));
      const claim = sendClaim(deps.store, input.taskId, log);
      let result: SendResult;
      try {
        // A retried attempt looks first: after an earlier attempt's claim it sends nothing, and must
        // not take a place in the channel's pace either.
        if (claim && claim.attempt > 1) await claim.take();
        result = await pacedSend({
          claim,
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
      } finally {
        clearInterval(beat);
      }
      // No capacity in the channel's bucket: nothing was sent, the workflow waits and comes back.
      if (result.kind === 'throttled' && result.httpStatus === null) return result;
      const httpStatus = 'httpStatus' in result ? result.httpStatus : null;
      log.info('template sent', { outcome: result.kind, httpStatus, latencyMs: Date.now() - started });
      deps.metrics?.channelSendDuration.observe(
        { outcome: result.kind, http_status: String(httpStatus ?? 'none') },
        (Date.now() - started) / 1000,
      );
      if (result.kind !== 'accepted' || !input.record) return result;
      try {
        return { ...result, earlyEvents: await recordAccepted(input, result) };
      } catch (err) {
        // The message went out: never turn that into a failure (a retry could send it twice). Cloud
        // statuses still reach the task by biz_opaque_callback_data; the final row is written at resolve.
        log.error('accepted send not recorded in the store', { err });
        return result;
      }
    },

    /** CONTRACTS §4: `slotId` + `branch` name the hook's credentials in the store. */
    async postBranchHook(input: BranchHookInput): Promise<void> {
      const url = await hookUrlWithCredentials(input, deps.hookCredentials);
      await postBranchHook(url, input.body, fetchImpl, deps.hookTimeoutMs ?? 10_000);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;

async function heartbeatingSleep(ms: number): Promise<void> {
  heartbeat();
  await activitySleep(ms);
}
