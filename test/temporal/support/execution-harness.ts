/**
 * Everything an execution test needs, all real: a Temporal server (time-skipping), the worker with
 * the real activities, the store (PGlite in process), the 360dialog mock over HTTP, and the real
 * callback endpoint on a loopback HTTP server that the mock delivers status callbacks to.
 * `useExecutionHarness()` is the way a test file gets it (start in beforeAll, stop in afterAll); a
 * file that runs several harnesses on one server (send pacing, on the dev server) calls `start`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { NativeConnection, Worker, WorkerTuner, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createCallbackRoutes, CALLBACK_SECRET_HEADER } from '../../../api/callbacks/callback-routes.js';
import type { ChannelCredentials } from '../../../activities/index.js';
import { DEFAULT_SEND_RATES } from '../../../store/channels.js';
import { createMemoryLogger } from '../../../lib/logger.js';
import { openStore, type Store } from '../../../store/index.js';
import type { SendBucket } from '../../../store/send-bucket/rules.js';
import { startMock360dialog, type Mock360dialog } from '../../../tools/mock-360dialog/index.js';
import { createWorker } from '../../../worker/create-worker.js';
import type { chatEntityWorkflow } from '../../../workflows/chat-entity-workflow.js';
import { chatEntityWorkflowId, chatWorkflowId, recipientDigits } from '../../../workflows/ids.js';
import {
  chatStateQuery,
  closeDialogSignal,
  openDialogSignal,
  taskStatusQuery,
  type ChatEntityView,
  type TaskStatusView,
} from '../../../workflows/messages.js';
import type { ChannelKind, SlotSnapshot } from '../../../workflows/slot-snapshot.js';
import type { TaskWorkflowInput, taskWorkflow } from '../../../workflows/task-workflow.js';
import { bundle, devServerEnv, timeSkippingEnv, uniqueTaskQueue } from './environments.js';

export interface TestChannel extends ChannelCredentials {
  id: string;
  companyId: number;
  callbackSecret: string;
}

export interface HarnessOptions {
  /**
   * `dev`: the shared dev server (real time). For tests that need a server-side activity timeout
   * while the activity's worker is gone: the time-skipping server never skips time while an
   * activity is outstanding, so such a timeout would never fire there.
   */
  server?: 'time-skipping' | 'dev';
  /** CHAT_IDLE_SECONDS of chat entities (default: the workflow's 60 s). */
  chatIdleSeconds?: number;
  /**
   * One worker per bucket, each with its own activities over its own bucket (two SQL buckets over
   * two connections to one database = two processes' view). `'store'`: one worker whose bucket is
   * the harness's own store (the embedded engine), as the service wires it. Default: one worker, a
   * memory bucket.
   */
  sendBuckets?: SendBucket[] | 'store';
  /**
   * A Temporal connection for each worker after the first: the SDK allows one worker per task queue
   * and connection, as there would be one per process.
   */
  connect?: () => Promise<NativeConnection>;
}

/** A chat as the admin API shows it: the entity's pending state plus the store's context and alias. */
export interface ChatView extends Omit<ChatEntityView, 'chatId'> {
  context: Record<string, unknown>;
  aliasOf: string | null;
  /** Whether a chat entity workflow is running now. */
  running: boolean;
}

export function useExecutionHarness(options: HarnessOptions = {}): ExecutionHarness {
  let started: ExecutionHarness | undefined;
  beforeAll(async () => {
    const env = options.server === 'dev' ? await devServerEnv() : await timeSkippingEnv();
    started = await ExecutionHarness.start(env, options);
  });
  afterAll(async () => {
    await started?.stop();
    await started?.env.teardown();
  });
  return new Proxy({} as ExecutionHarness, {
    get(_, prop) {
      if (!started) throw new Error('the execution harness starts in beforeAll');
      const value: unknown = Reflect.get(started, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(started) : value;
    },
  });
}

export class ExecutionHarness {
  readonly logger = createMemoryLogger();
  readonly channels = new Map<string, TestChannel>();
  readonly taskQueue = uniqueTaskQueue('exec');
  private readonly workers: { worker: Worker; run: Promise<void> }[] = [];
  /** Connections opened by `connect` for the extra workers; closed after the workers stop. */
  private readonly connections: NativeConnection[] = [];
  private callbackServer?: ServerType;
  callbackUrl = '';
  private recipientCounter = 0;

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly mock: Mock360dialog,
    readonly store: Store,
    readonly workflowBundle: WorkflowBundleWithSourceMap,
    readonly options: HarnessOptions,
  ) {}

  static async start(env: TestWorkflowEnvironment, options: HarnessOptions = {}) {
    const mock = await startMock360dialog({ port: 0, config: { statusDelayMs: 5 } });
    const store = await openStore({ logger: createMemoryLogger() });
    const harness = new ExecutionHarness(env, mock, store, await bundle(), options);
    await harness.startCallbackServer();
    const buckets = options.sendBuckets === 'store' ? [store] : (options.sendBuckets ?? [undefined]);
    for (const sendBucket of buckets) {
      const connection = harness.workers.length > 0 ? await harness.connect() : undefined;
      await harness.startWorker({ sendBucket, connection });
    }
    return harness;
  }

  private async connect(): Promise<NativeConnection> {
    if (!this.options.connect) throw new Error('a second worker needs its own connection: pass `connect`');
    const connection = await this.options.connect();
    this.connections.push(connection);
    return connection;
  }

  /**
   * A worker with the real activities; tests of crashes pass their own task queue and fetch, tests of
   * send pacing the worker's send bucket (unset = one in this worker's memory) and connection.
   */
  async startWorker(
    overrides: {
      taskQueue?: string;
      fetch?: typeof fetch;
      sendBucket?: SendBucket;
      connection?: NativeConnection;
      /** Slot suppliers (worker/intake-pressure.ts); unset: the SDK's fixed defaults. */
      tuner?: WorkerTuner;
    } = {},
  ) {
    const worker = await createWorker({
      connection: overrides.connection ?? this.env.nativeConnection,
      taskQueue: overrides.taskQueue ?? this.taskQueue,
      workflowBundle: this.workflowBundle,
      activityDeps: {
        channels: { getChannelSecrets: (id) => Promise.resolve(this.channels.get(id)) },
        store: this.store,
        client: this.env.client,
        logger: this.logger,
        sendPolicy: { timeoutMs: 2000, baseDelayMs: 20, maxDelayMs: 100 },
        hookTimeoutMs: 2000,
        ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
        ...(overrides.sendBucket ? { sendBucket: overrides.sendBucket } : {}),
      },
      tuning: {
        shutdownGraceTime: '100ms',
        shutdownForceTime: '1s',
        ...(overrides.tuner ? { tuner: overrides.tuner } : {}),
      },
    });
    const entry = { worker, run: worker.run() };
    this.workers.push(entry);
    return entry;
  }

  private async startCallbackServer(): Promise<void> {
    const app = createCallbackRoutes({
      channels: { getChannelSecrets: (id) => Promise.resolve(this.channels.get(id)) },
      store: this.store,
      client: this.env.client,
      taskQueue: this.taskQueue,
      logger: this.logger,
      ...(this.options.chatIdleSeconds ? { chatIdleSeconds: this.options.chatIdleSeconds } : {}),
    });
    await new Promise<void>((resolve) => {
      this.callbackServer = serve(
        { fetch: app.fetch, port: 0, hostname: '127.0.0.1' },
        (info: AddressInfo) => {
          this.callbackUrl = `http://127.0.0.1:${info.port}`;
          resolve();
        },
      );
    });
  }

  /** A channel whose API key is known to the mock and whose webhook points at our callback endpoint. */
  async addChannel(kind: ChannelKind, overrides: Partial<TestChannel> = {}): Promise<TestChannel> {
    const channel: TestChannel = {
      id: `ch-${randomUUID().slice(0, 8)}`,
      companyId: 13,
      kind,
      baseUrl: this.mock.url,
      apiKey: `key-${randomBytes(12).toString('hex')}`,
      callbackSecret: `secret-${randomBytes(12).toString('hex')}`,
      active: true,
      sendRatePerSecond: DEFAULT_SEND_RATES[kind],
      ...overrides,
    };
    this.channels.set(channel.id, channel);
    await this.mock.control.registerKey({
      key: channel.apiKey,
      flavour: kind === '360dialog' ? 'onprem' : 'cloud',
    });
    const response = await fetch(`${this.mock.url}/v1/configs/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'D360-API-KEY': channel.apiKey },
      body: JSON.stringify({
        url: `${this.callbackUrl}/channels/${channel.id}/callbacks`,
        headers: { [CALLBACK_SECRET_HEADER]: channel.callbackSecret },
      }),
    });
    expect(response.status).toBe(200);
    return channel;
  }

  /** A fresh recipient per test, so every test has its own chat. */
  recipient(): string {
    this.recipientCounter += 1;
    return `7929${String(process.pid).padStart(5, '0').slice(-5)}${String(this.recipientCounter).padStart(3, '0')}`;
  }

  /** A slot for the mock's `order_shipped` template (image header, 2 body params, URL button). */
  slot(channel: TestChannel, overrides: Partial<SlotSnapshot> = {}): SlotSnapshot {
    return {
      companyId: 13,
      agentId: 'shop-bot',
      trainingVersion: 1,
      slotId: 'order-shipped',
      slotName: 'Order shipped',
      webhook: '13::9de6d0fbc9a547659457a0f7a0e21eda',
      channel: { id: channel.id, kind: channel.kind },
      inactivityTimeoutSeconds: 900,
      parseRequestBody: [
        { contextKey: 'order', requestKey: 'order_id' },
        { contextKey: 'first_name', requestKey: '{{ data["customer"]["name"] }}' },
      ],
      destination: {
        templateName: 'order_shipped',
        namespace: 'b2f1c0de_1111_2222_3333_444455556666',
        languageCode: 'en',
        templateParameters: [
          { type: 'image', value: 'https://cdn.example.com/orders/{{ order }}.jpg' },
          { type: 'body', value: '{{ first_name }}' },
          { type: 'body', value: '{{ order }}' },
          { type: 'button_url', value: '{{ order }}' },
        ],
      },
      branchHooks: {},
      ...overrides,
    };
  }

  /** As the intake does it: the task row first, then the workflow. */
  async startTask(
    input: Omit<TaskWorkflowInput, 'taskId' | 'acceptedAt' | 'data'> & {
      data?: Record<string, unknown>;
      taskQueue?: string;
    },
  ): Promise<WorkflowHandle<typeof taskWorkflow>> {
    const { taskQueue, ...rest } = input;
    const taskId = randomUUID();
    const args: TaskWorkflowInput = {
      taskId,
      acceptedAt: new Date().toISOString(),
      data: { order_id: 'A-1042', customer: { name: 'Anna' } },
      ...rest,
    };
    const digits = recipientDigits(args.recipient);
    await this.store.insertTask({
      taskId,
      companyId: args.slot.companyId,
      agentId: args.slot.agentId,
      slotId: args.slot.slotId,
      webhook: args.slot.webhook,
      channelId: args.slot.channel.id,
      chatId: chatWorkflowId(args.slot.channel.id, digits),
      recipient: digits,
      urgent: args.urgent,
      acceptedAt: new Date(args.acceptedAt),
    });
    return this.env.client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
      taskQueue: taskQueue ?? this.taskQueue,
      workflowId: taskId,
      args: [args],
    });
  }

  /**
   * Polls the status query until `done` holds. Queries do not unlock time skipping, so real time
   * passes while the mock's callbacks arrive; only `env.sleep` and `result()` skip time.
   */
  async waitForTask(
    handle: WorkflowHandle,
    done: (view: TaskStatusView) => boolean = (view) => view.branch !== null,
    timeoutMs = 30_000,
  ): Promise<TaskStatusView> {
    let last: TaskStatusView | undefined;
    await expect
      .poll(async () => done((last = await handle.query(taskStatusQuery))), {
        timeout: timeoutMs,
        interval: 50,
      })
      .toBe(true);
    return last as TaskStatusView;
  }

  /** Opens a chat's dialog the way the admin API does: signal-with-start, the chat may not run yet. */
  async openDialog(channelId: string, recipient: string, extra: { maxHistoryEvents?: number } = {}) {
    const chatId = chatWorkflowId(channelId, recipient);
    await this.env.client.workflow.signalWithStart<
      typeof chatEntityWorkflow,
      [{ inactivityTimeoutSeconds?: number }?]
    >('chatEntityWorkflow', {
      workflowId: chatEntityWorkflowId(chatId),
      taskQueue: this.taskQueue,
      args: [
        {
          channelId,
          recipient,
          ...extra,
          ...(this.options.chatIdleSeconds ? { idleSeconds: this.options.chatIdleSeconds } : {}),
        },
      ],
      signal: openDialogSignal,
      signalArgs: [{}],
    });
  }

  closeDialog(channelId: string, recipient: string) {
    const id = chatEntityWorkflowId(chatWorkflowId(channelId, recipient));
    return duringContinueAsNew(() => this.env.client.workflow.getHandle(id).signal(closeDialogSignal));
  }

  async chatState(channelId: string, recipient: string): Promise<ChatView> {
    const requested = chatWorkflowId(channelId, recipient);
    const chatId = await this.store.resolveChat(requested);
    const handle = this.env.client.workflow.getHandle(chatEntityWorkflowId(chatId));
    const running = await duringContinueAsNew(async () => {
      try {
        return (await handle.describe()).status.name === 'RUNNING';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    });
    const entity = running ? await duringContinueAsNew(() => handle.query(chatStateQuery)) : undefined;
    return {
      dialog: entity?.dialog ?? null,
      waiting: entity?.waiting ?? [],
      turnHolder: entity?.turnHolder ?? null,
      context: await this.store.getChatContext(chatId),
      aliasOf: chatId !== requested ? chatId : null,
      running,
    };
  }

  async stop(): Promise<void> {
    for (const { worker } of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.allSettled(this.workers.map((w) => w.run));
    for (const connection of this.connections) await connection.close();
    await new Promise<void>((resolve) =>
      this.callbackServer ? this.callbackServer.close(() => resolve()) : resolve(),
    );
    await this.mock.stop();
    await this.store.close();
  }
}

/**
 * The Java test server's continue-as-new is not atomic (sdk-java#1538): a call in that instant can
 * get NOT_FOUND ("Completed workflow"). A real server never does this; tests retry briefly.
 */
async function duringContinueAsNew<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) || attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
