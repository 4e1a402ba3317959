/**
 * Runs the minimal pipeline inside the bench process: its worker (same SDK defaults as the
 * service's) and the callback receiver that signals the first status straight to the workflow.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createBaselineActivities } from './activities.js';
import { baselineStatusSignal } from './workflow.js';

export const BASELINE_QUEUE = 'bench-baseline';
let runtimeInstalled = false;

export interface BaselinePipeline {
  callbackUrl: string;
  stop(): Promise<void>;
}

export async function startBaseline(
  address: string,
  client: Client,
  mockUrl: string,
  apiKey: string,
): Promise<BaselinePipeline> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue: BASELINE_QUEUE,
    workflowsPath: fileURLToPath(new URL('./workflow.ts', import.meta.url)),
    activities: createBaselineActivities(mockUrl, apiKey),
  });
  const running = worker.run();
  const server = await listen(client);
  const { port } = server.address() as AddressInfo;
  return {
    callbackUrl: `http://127.0.0.1:${port}/callbacks`,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Cloud status callbacks → one signal per status to the workflow named by biz_opaque_callback_data. */
function listen(client: Client): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
          entry?: {
            changes?: { value?: { statuses?: { status: string; biz_opaque_callback_data?: string }[] } }[];
          }[];
        };
        const statuses =
          body.entry?.flatMap((e) => e.changes ?? []).flatMap((c) => c.value?.statuses ?? []) ?? [];
        for (const status of statuses) {
          if (!status.biz_opaque_callback_data) continue;
          try {
            await client.workflow
              .getHandle(status.biz_opaque_callback_data)
              .signal(baselineStatusSignal, status.status);
          } catch (err) {
            if (!(err instanceof WorkflowNotFoundError)) throw err;
          }
        }
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      })().catch(() => res.writeHead(503).end());
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
