/**
 * Everything an execution test needs, all real: a Temporal server (time-skipping), the worker with
 * the real activities, the 360dialog mock over HTTP, and the real callback endpoint on a loopback
 * HTTP server that the mock delivers status callbacks to.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { NativeConnection, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import { createCallbackRoutes, CALLBACK_SECRET_HEADER } from '../../../api/callbacks/callback-routes.js';
import { createMemoryLogger } from '../../../lib/logger.js';
import { startMock360dialog, type Mock360dialog } from '../../../tools/mock-360dialog/index.js';
import { createMemorySendBucket } from '../../../store/send-bucket/memory-bucket.js';
import { createWorker, WORKFLOWS_PATH } from '../../../worker/create-worker.js';
import type { ChannelCredentials } from '../../../activities/index.js';
import type { NotificationWorkflowInput } from '../../../workflows/notification-workflow.js';
import { notificationWorkflow } from '../../../workflows/notification-workflow.js';
import type { TaskStatusView } from '../../../workflows/messages.js';
import { taskStatusQuery } from '../../../workflows/messages.js';
import type { ChannelKind, SlotSnapshot } from '../../../workflows/slot-snapshot.js';
import { DEFAULT_SEND_RATES } from '../../../store/channels.js';
import type { SendBucket } from '../../../store/send-bucket/rules.js';
import { bundle, uniqueTaskQueue } from './environments.js';

export interface HarnessOptions {
  /**
   * One worker per bucket, each with its own activities over its own bucket (two SQL buckets over
   * two connections to one database = two processes' view). Default: one worker, a memory bucket.
   */
  sendBuckets?: SendBucket[];
  /**
   * A connection for each worker after the first: the SDK allows one worker per task queue and
   * connection, as it would be one per process.
   */
  connect?: () => Promise<NativeConnection>;
}

export interface TestChannel extends ChannelCredentials {
  id: string;
  companyId: number;
  callbackSecret: string;
}

export class ExecutionHarness {
  readonly logger = createMemoryLogger();
  readonly channels = new Map<string, TestChannel>();
  readonly taskQueue = uniqueTaskQueue('exec');
  private readonly workers: Worker[] = [];
  private readonly workerRuns: Promise<void>[] = [];
  private readonly connections: NativeConnection[] = [];
  private callbackServer?: ServerType;
  callbackUrl = '';
  private recipientCounter = 0;

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly mock: Mock360dialog,
  ) {}

  static async start(
    env: TestWorkflowEnvironment,
    workflowBundle?: WorkflowBundleWithSourceMap,
    options: HarnessOptions = {},
  ) {
    const mock = await startMock360dialog({ port: 0, config: { statusDelayMs: 5 } });
    const harness = new ExecutionHarness(env, mock);
    await harness.startCallbackServer();
    const code = workflowBundle ?? (await bundle(WORKFLOWS_PATH));
    for (const sendBucket of options.sendBuckets ?? [createMemorySendBucket()]) {
      let connection = env.nativeConnection;
      if (harness.workers.length > 0) {
        if (!options.connect) throw new Error('a second worker needs its own connection: pass `connect`');
        connection = await options.connect();
        harness.connections.push(connection);
      }
      const worker = await createWorker({
        connection,
        taskQueue: harness.taskQueue,
        workflowBundle: code,
        activityDeps: {
          channels: { getChannelSecrets: (id) => Promise.resolve(harness.channels.get(id)) },
          client: env.client,
          logger: harness.logger,
          sendPolicy: { timeoutMs: 2000, baseDelayMs: 20, maxDelayMs: 100 },
          hookTimeoutMs: 2000,
          sendBucket,
        },
      });
      harness.workers.push(worker);
      harness.workerRuns.push(worker.run());
    }
    return harness;
  }

  private async startCallbackServer(): Promise<void> {
    const app = createCallbackRoutes({
      channels: { getChannelSecrets: (id) => Promise.resolve(this.channels.get(id)) },
      client: this.env.client,
      taskQueue: this.taskQueue,
      logger: this.logger,
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

  async startTask(
    input: Omit<NotificationWorkflowInput, 'taskId' | 'acceptedAt' | 'data'> & {
      data?: Record<string, unknown>;
    },
  ) {
    const taskId = randomUUID();
    const args: NotificationWorkflowInput = {
      taskId,
      acceptedAt: new Date().toISOString(),
      data: { order_id: 'A-1042', customer: { name: 'Anna' } },
      ...input,
    };
    return this.env.client.workflow.start(notificationWorkflow, {
      taskQueue: this.taskQueue,
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
    timeoutMs = 20_000,
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

  async stop(): Promise<void> {
    for (const worker of this.workers) worker.shutdown();
    await Promise.all(this.workerRuns);
    for (const connection of this.connections) await connection.close();
    await new Promise<void>((resolve) =>
      this.callbackServer ? this.callbackServer.close(() => resolve()) : resolve(),
    );
    await this.mock.stop();
  }
}
