/**
 * The per-pipeline measurements of the bench: resolved tasks/s at steady load, urgent request → send
 * latency, and costs counted from histories. Each pipeline is a way to start one task for a fresh
 * recipient plus a Temporal query naming every workflow it created.
 */
import type { Client } from '@temporalio/client';
import type { Mock360dialogControl } from '../mock-360dialog/index.js';
import { countCosts, openWorkflows, type Cost } from './histories.js';
import { percentile, runClosedLoop } from './load.js';

export interface Pipeline {
  name: string;
  /** Starts one task (urgent when asked) for `recipient`. */
  start(recipient: string, urgent: boolean): Promise<void>;
  /** Every workflow type this pipeline runs (chats included). */
  types: string[];
  /** The type whose completion means "resolved" (the decisive status arrived). */
  taskType: string;
}

export interface PipelineFigures {
  resolvedPerSecond: number;
  urgentP50: number;
  urgentP99: number;
  cost: Cost;
  tasks: number;
  open: number;
}

const typeQuery = (types: string[]) => types.map((t) => `WorkflowType = '${t}'`).join(' OR ');

export async function measurePipeline(
  pipeline: Pipeline,
  client: Client,
  mock: Mock360dialogControl,
  sizes: { tasks: number; concurrency: number; urgent: number },
  phones: () => string,
): Promise<PipelineFigures> {
  const beforePhase = await completed(client, pipeline.taskType);
  const latencies = await urgentLatency(pipeline, mock, sizes.urgent, phones);
  const before = await completed(client, pipeline.taskType);
  const started = performance.now();
  await runClosedLoop(() => pipeline.start(phones(), false), sizes.tasks, sizes.concurrency);
  // Until every task of the phase has resolved, the urgent ones too: the open workflows are counted
  // after that, so a task still on its way is not reported as left open.
  const target = beforePhase + sizes.urgent + sizes.tasks;
  const deadline = Date.now() + 300_000;
  while ((await completed(client, pipeline.taskType)) < target && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  const done = (await completed(client, pipeline.taskType)) - before;
  const query = typeQuery(pipeline.types);
  const tasks = (await client.workflow.count(`WorkflowType = '${pipeline.taskType}'`)).count;
  return {
    resolvedPerSecond: done / seconds,
    urgentP50: percentile(latencies, 50),
    urgentP99: percentile(latencies, 99),
    cost: await countCosts(client, query),
    tasks,
    open: await openWorkflows(client, query),
  };
}

async function completed(client: Client, type: string): Promise<number> {
  return (await client.workflow.count(`WorkflowType = '${type}' AND ExecutionStatus = 'Completed'`)).count;
}

/** Urgent tasks at 10/s to fresh recipients; latency = the mock's receive time − the start call. */
async function urgentLatency(
  pipeline: Pipeline,
  mock: Mock360dialogControl,
  count: number,
  phones: () => string,
): Promise<number[]> {
  const started = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const recipient = phones();
    started.set(recipient, Date.now());
    await pipeline.start(recipient, true);
    await new Promise((r) => setTimeout(r, 100));
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const sends = (await mock.requests({ path: '/messages' }))
      .map((send) => ({
        to: String((send.body as { to?: string }).to ?? '').replace('+', ''),
        at: Date.parse(send.receivedAt),
      }))
      .filter((send) => started.has(send.to));
    if (sends.length >= count || Date.now() > deadline)
      return sends.map((send) => send.at - (started.get(send.to) ?? 0));
    await new Promise((r) => setTimeout(r, 250));
  }
}
