/**
 * Billable Temporal actions and history events, counted from the histories of every workflow a
 * bench phase created (chats included). What counts as one action follows Temporal Cloud's list:
 * a start (continue-as-new included), a signal received, an update, an activity attempt, a batch
 * of local activities (one per workflow task that recorded markers), a timer, a search-attribute
 * upsert.
 */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

// CommonJS package: the default import works under plain Node ESM (tsx), named imports do not.
const E = proto.temporal.api.enums.v1.EventType;

export interface Cost {
  workflows: number;
  actions: number;
  events: number;
  breakdown: Record<string, number>;
}

export async function countCosts(client: Client, query: string): Promise<Cost> {
  const cost: Cost = { workflows: 0, actions: 0, events: 0, breakdown: {} };
  const add = (kind: string, n = 1) => {
    cost.breakdown[kind] = (cost.breakdown[kind] ?? 0) + n;
    cost.actions += n;
  };
  for await (const execution of client.workflow.list({ query })) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    const events = history.events ?? [];
    cost.workflows += 1;
    cost.events += events.length;
    // Markers follow the WorkflowTaskCompleted whose commands recorded them: one batch per such task.
    let batchCounted = true;
    for (const event of events) {
      switch (event.eventType) {
        case E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
          add('starts');
          break;
        case E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
          add('signals');
          break;
        case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
          add('updates');
          break;
        case E.EVENT_TYPE_ACTIVITY_TASK_STARTED:
          add('activity attempts', event.activityTaskStartedEventAttributes?.attempt ?? 1);
          break;
        case E.EVENT_TYPE_TIMER_STARTED:
          add('timers');
          break;
        case E.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
          add('search-attribute upserts');
          break;
        case E.EVENT_TYPE_MARKER_RECORDED:
          if (!batchCounted) add('local-activity batches');
          batchCounted = true;
          break;
        case E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
          batchCounted = false;
          break;
        default:
          break;
      }
    }
  }
  return cost;
}

export async function openWorkflows(client: Client, query: string): Promise<number> {
  return (await client.workflow.count(`(${query}) AND ExecutionStatus = 'Running'`)).count;
}
