/**
 * The whole HTTP app of the service in-process, on a loopback port, against the shared dev server:
 * real store (embedded, in memory), real worker and activities, the 360dialog mock as the channel,
 * and the mock's status callbacks arriving at the app's callback endpoint.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createMemoryRateLimiter } from '../../../api/intake/rate-limiter.js';
import { TaskStarter, type TaskStarterOptions } from '../../../api/intake/task-starter.js';
import { CALLBACK_SECRET_HEADER } from '../../../api/callbacks/callback-routes.js';
import { createMemoryLogger } from '../../../lib/logger.js';
import { createApp } from '../../../api/app.js';
import { openStore, type Store } from '../../../store/index.js';
import { startMock360dialog, type Mock360dialog } from '../../../tools/mock-360dialog/index.js';
import { createWorker } from '../../../worker/create-worker.js';
import { uniqueTaskQueue } from './environments.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export class ServiceHarness {
  baseUrl = '';
  private server?: ServerType;
  private workerRun?: Promise<void>;

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly store: Store,
    readonly mock: Mock360dialog,
    private readonly worker: Worker,
    readonly taskQueue: string,
    readonly logger: ReturnType<typeof createMemoryLogger>,
  ) {}

  /** The intake's task starter (the app's default, or the one `options.answerWithinMs` asked for). */
  starter?: TaskStarter;

  static async start(
    env: TestWorkflowEnvironment,
    workflowBundle: WorkflowBundleWithSourceMap,
    client?: Client,
    /** `answerWithinMs`: the intake answers from its outbox after this long (INTAKE_ANSWER_WITHIN_MS). */
    options: Pick<TaskStarterOptions, 'answerWithinMs' | 'sweepAfterMs'> = {},
  ) {
    const logger = createMemoryLogger();
    const store = await openStore({ logger });
    const mock = await startMock360dialog({ port: 0, config: { statusDelayMs: 5 } });
    const taskQueue = uniqueTaskQueue('svc');
    const worker = await createWorker({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      activityDeps: { channels: store, store, client: env.client, logger },
    });
    const harness = new ServiceHarness(env, store, mock, worker, taskQueue, logger);
    harness.workerRun = worker.run();
    await harness.listen(client ?? env.client, options);
    return harness;
  }

  private async listen(
    client: Client,
    options: Pick<TaskStarterOptions, 'answerWithinMs' | 'sweepAfterMs'>,
  ): Promise<void> {
    if (options.answerWithinMs !== undefined) {
      const { store, taskQueue, logger } = this;
      this.starter = new TaskStarter({ client, store, taskQueue, logger, ...options });
    }
    const app = createApp({
      ...(this.starter ? { taskStarter: this.starter } : {}),
      store: this.store,
      client,
      taskQueue: this.taskQueue,
      adminToken: ADMIN_TOKEN,
      publicBaseUrl: 'http://127.0.0.1:0',
      rateLimiter: createMemoryRateLimiter(),
      logger: this.logger,
      statusTimeoutSeconds: 86_400,
    });
    await new Promise<void>((resolve) => {
      this.server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        this.baseUrl = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  }

  /**
   * A company with a Cloud channel on the mock, a trained agent and one slot for the mock's
   * `order_shipped` template; returns the slot's webhook.
   */
  async configure(companyId: number, options: { rateLimitPerSecond?: number } = {}) {
    await this.store.createCompany({ id: companyId, rateLimitPerSecond: options.rateLimitPerSecond ?? 1000 });
    const apiKey = `key-${randomUUID()}`;
    const { channel } = await this.store.createChannel({
      companyId,
      kind: '360dialog-cloud',
      baseUrl: this.mock.url,
      apiKey,
      callbackSecret: `secret-${randomUUID()}`,
    });
    await this.mock.control.registerKey({ key: apiKey, flavour: 'cloud' });
    const secrets = await this.store.getChannelSecrets(channel.id);
    await fetch(`${this.mock.url}/v1/configs/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'D360-API-KEY': apiKey },
      body: JSON.stringify({
        url: `${this.baseUrl}/channels/${channel.id}/callbacks`,
        headers: { [CALLBACK_SECRET_HEADER]: secrets?.callbackSecret },
      }),
    });
    const agent = await this.store.createAgent({ companyId });
    const slot = await this.store.createSlot({
      agentId: agent.id,
      settings: {
        name: 'Order shipped',
        destinationChannel: channel.id,
        parseRequestBody: [{ contextKey: 'order', requestKey: 'order_id' }],
        destination: {
          templateName: 'order_shipped',
          namespace: 'b2f1c0de_1111_2222_3333_444455556666',
          languageCode: 'en',
          templateParameters: [
            { type: 'image', value: 'https://cdn.example.com/orders/{{ order }}.jpg' },
            { type: 'body', value: '{{ data.name | default("friend") }}' },
            { type: 'body', value: '{{ order }}' },
            { type: 'button_url', value: '{{ order }}' },
          ],
        },
        branchHooks: {},
      },
    });
    return { agent, channel, slot, apiKey };
  }

  /** POST a mailing request to a webhook; `body` may be a string to send it as is. */
  post(webhook: string, body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${this.baseUrl}/notification/${webhook}/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async stop(): Promise<void> {
    await this.starter?.close();
    this.worker.shutdown();
    await this.workerRun;
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.mock.stop();
    await this.store.close();
  }
}
