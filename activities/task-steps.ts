/**
 * The task workflow's store steps, run as local activities (no task-queue round trip): enter the
 * chat, read the context and build, mark waiting, resolve. Each returns only what the workflow needs,
 * so history stays small; the task row and the chat context are written here, not in workflow state.
 */
import { ApplicationFailure, log } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { ExecutionStore } from '../store/execution-types.js';
import { chatEntityWorkflowId } from '../workflows/ids.js';
import { taskArrivedUpdate, type ChatContext, type TaskArrival } from '../workflows/messages.js';
import type { SlotSnapshot } from '../workflows/slot-snapshot.js';
import type { StepOutcome } from '../workflows/task-outcome.js';
import { runBuildIsolated } from './build-pool.js';
import type { TemplatePayload } from './template-request.js';

export interface TaskChat {
  chatId: string;
  channelId: string;
  /** Digits. */
  recipient: string;
}

export interface PrepareInput {
  taskId: string;
  chat: TaskChat;
  slot: SlotSnapshot;
  data: Record<string, unknown>;
}

export type Prepared = { ok: true; payload: TemplatePayload } | { ok: false; reason: string };

export interface EnterResult {
  /** A chat entity was running (dialog or queue): the task reports `taskSent` to it after its send. */
  chatRunning: boolean;
  granted: boolean;
  /** Set when granted: the build ran in the same local activity. */
  prepared?: Prepared;
}

export interface ResolveInput {
  taskId: string;
  chat: TaskChat;
  outcome: StepOutcome;
  /** The channel's event that decided, for the status endpoint when the outcome carries none. */
  eventBody?: unknown;
  /** Why a build failed (the expression error). */
  detail?: string;
}

/** The build, in a thread of the pool: bounded, and never blocks this worker's event loop. */
async function build(input: PrepareInput, context: ChatContext) {
  try {
    return await runBuildIsolated({
      slot: input.slot,
      data: input.data,
      context,
      recipient: input.chat.recipient,
      taskId: input.taskId,
    });
  } catch (err) {
    // A bug in the builder is no outage: retrying the same input fails the same way.
    throw ApplicationFailure.nonRetryable(`build crashed: ${String(err)}`, 'BuildCrash');
  }
}

export function createTaskSteps(deps: { store: ExecutionStore; client: Client }) {
  const { store, client } = deps;

  // Creates the chat's row on its first task (SPEC: chats are created by mailing requests).
  const readContext = (input: PrepareInput) =>
    store.mergeChatContext(input.chat, {}, input.slot.inactivityTimeoutSeconds);

  /** Builds with `context` (read now when not given); the row says `sending` meanwhile. */
  const prepare = async (input: PrepareInput, known?: ChatContext): Promise<Prepared> => {
    const context = known ?? (await readContext(input));
    // The status write does not depend on the build: run them side by side (urgent latency, issue 14).
    const [built] = await Promise.all([
      build(input, context),
      store.updateTask(input.taskId, { status: 'sending', startedAt: new Date(), waitingReason: null }),
    ]);
    if (Object.keys(built.contextUpdates).length > 0) {
      await store.mergeChatContext(input.chat, built.contextUpdates, input.slot.inactivityTimeoutSeconds);
    }
    return built.ok ? { ok: true, payload: built.payload } : { ok: false, reason: built.reason };
  };

  /** The entity's answer, or undefined when none runs (nothing pending: the task goes at once). */
  const askTurn = async (
    input: PrepareInput & { arrival: TaskArrival },
  ): Promise<{ granted: boolean; reason?: string } | undefined> => {
    try {
      return await client.workflow
        .getHandle(chatEntityWorkflowId(input.chat.chatId))
        .executeUpdate(taskArrivedUpdate, { args: [input.arrival] });
    } catch (err) {
      // Not running, or it completed (idle) while the update was in flight: nothing is pending.
      if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) return undefined;
      throw err;
    }
  };

  return {
    /**
     * Asks the chat entity for a turn WITHOUT starting it: no entity = no dialog and no queue, so
     * the task runs at once. Granted tasks build in the same call.
     */
    async enterChat(input: PrepareInput & { arrival: TaskArrival }): Promise<EnterResult> {
      // The turn and the context are asked for at once: with no chat entity running (the usual
      // case) the context read here is the one to build with, one store round trip sooner.
      const [answer, context] = await Promise.all([askTurn(input), readContext(input)]);
      if (answer && !answer.granted) {
        await store.updateTask(input.taskId, { status: 'waiting', waitingReason: answer.reason ?? 'queued' });
        return { chatRunning: true, granted: false };
      }
      // A running entity granted the turn: a task before this one may have written the context
      // since it was read, so read it again.
      const prepared = await prepare(input, answer ? undefined : context);
      return { chatRunning: answer !== undefined, granted: true, prepared };
    },

    /** A queued task got its turn: read the context as it is now and build. */
    prepareSend: (input: PrepareInput) => prepare(input),

    /** `hooks.waiting` of send pacing: the status endpoint shows why the task waits. */
    async markTaskWaiting(input: { taskId: string; reason: string }): Promise<void> {
      await store.updateTask(input.taskId, { status: 'waiting', waitingReason: input.reason });
    },

    /** SPEC section 4 "Branches": `notification` into the context (not for no account), then the row. */
    async resolveTask(input: ResolveInput): Promise<ChatContext> {
      const { outcome } = input;
      const context =
        outcome.branch === 'no_account'
          ? await store.getChatContext(input.chat.chatId)
          : await store.mergeChatContext(input.chat, {
              notification: { status: outcome.status, result: outcome.result },
            });
      const written = await store.updateTask(input.taskId, {
        status: outcome.status,
        ...(outcome.branch ? { branch: outcome.branch, resolvedAt: new Date() } : {}),
        description: outcome.result?.description ?? null,
        channelResponse: outcome.result?.channel_response ?? input.eventBody ?? null,
        waitingReason: null,
        ...(input.detail !== undefined ? { detail: input.detail } : {}),
      });
      // The intake writes the row before the workflow starts, so only a database that lost committed
      // writes (or a hand deletion) gets here. The outcome stays in the workflow's result; say where,
      // since the status endpoint (which reads only the row) cannot.
      if (!written) {
        log.error('task row missing: its outcome is only in the workflow result', {
          taskId: input.taskId,
          status: outcome.status,
          branch: outcome.branch ?? null,
        });
      }
      return context;
    },

    async recordBranchHook(input: { taskId: string; result: 'delivered' | 'failed' }): Promise<void> {
      await store.updateTask(input.taskId, { branchHook: input.result });
    },
  };
}
