/**
 * What the chaos run knows about each task it could not see resolved: its row in PostgreSQL and its
 * workflow in Temporal (status, result, last events, local activities by name and attempt). Printed
 * under the table, so a failed verdict is diagnosable from CI output alone, without the run's files.
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import proto from '@temporalio/proto';
import pg from 'pg';

/** A row as selected below (timestamps as ISO text), or `undefined` when the task has no row. */
export type TaskRowFacts = Record<string, string | null>;

export interface HistoryEventFacts {
  time: string;
  type: string;
  /** For a local activity marker: `resolveTask #2` (activity type and attempt). */
  detail?: string;
}

export interface WorkflowFacts {
  status: string;
  closeTime?: string;
  /** The workflow's own view of the task (its result), when it completed. */
  result?: { status?: unknown; branch?: unknown; description?: unknown };
  events: HistoryEventFacts[];
}

export interface UnresolvedFacts {
  taskId: string;
  row?: TaskRowFacts;
  workflow?: WorkflowFacts;
  /** Why a part could not be read (an outage that did not end, a bug). */
  errors: string[];
}

const ROW_COLUMNS = [
  'status',
  'branch',
  'description',
  'detail',
  'waiting_reason',
  'message_id',
  'accepted_at',
  'started_at',
  'sent_at',
  'resolved_at',
  'updated_at',
];

/** Reads the row and the workflow of every task id given; never throws (a diagnosis must not end the run). */
export async function collectUnresolved(
  taskIds: string[],
  databaseUrl: string,
  temporalAddress: string,
): Promise<UnresolvedFacts[]> {
  if (taskIds.length === 0) return [];
  const facts = taskIds.map((taskId): UnresolvedFacts => ({ taskId, errors: [] }));
  const db = new pg.Client({ connectionString: databaseUrl });
  db.on('error', () => undefined);
  try {
    await db.connect();
    for (const f of facts) f.row = await readRow(db, f.taskId);
  } catch (err) {
    for (const f of facts) f.errors.push(`row: ${String(err)}`);
  } finally {
    await db.end().catch(() => undefined);
  }
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: temporalAddress });
    const client = new Client({ connection });
    for (const f of facts) {
      try {
        f.workflow = await readWorkflow(client, f.taskId);
      } catch (err) {
        f.errors.push(err instanceof WorkflowNotFoundError ? 'no workflow' : `workflow: ${String(err)}`);
      }
    }
  } catch (err) {
    for (const f of facts) f.errors.push(`Temporal: ${String(err)}`);
  } finally {
    await connection?.close().catch(() => undefined);
  }
  return facts;
}

async function readRow(db: pg.Client, taskId: string): Promise<TaskRowFacts | undefined> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${ROW_COLUMNS.join(', ')} FROM tasks WHERE task_id = $1`,
    [taskId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return Object.fromEntries(
    ROW_COLUMNS.map((c) => {
      const v = row[c];
      if (v === null || v === undefined) return [c, null];
      return [c, v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : JSON.stringify(v)];
    }),
  );
}

async function readWorkflow(client: Client, taskId: string): Promise<WorkflowFacts> {
  const handle = client.workflow.getHandle(taskId);
  const description = await handle.describe();
  const history = await handle.fetchHistory();
  const events = (history.events ?? []).map(eventFacts);
  const facts: WorkflowFacts = { status: description.status.name, events };
  if (description.closeTime) facts.closeTime = description.closeTime.toISOString();
  if (description.status.name === 'COMPLETED') {
    facts.result = (await handle.result()) as WorkflowFacts['result'];
  }
  return facts;
}

function eventFacts(event: proto.temporal.api.history.v1.IHistoryEvent): HistoryEventFacts {
  const seconds = Number(event.eventTime?.seconds ?? 0);
  const time = new Date(seconds * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6)).toISOString();
  const type = (
    proto.temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? String(event.eventType)
  ).replace(/^EVENT_TYPE_/, '');
  const marker = event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
  if (!marker) return { time, type };
  try {
    const m = JSON.parse(Buffer.from(marker).toString('utf8')) as {
      activity_type?: string;
      attempt?: number;
    };
    return { time, type, detail: `${m.activity_type ?? '?'} #${m.attempt ?? '?'}` };
  } catch {
    return { time, type };
  }
}

/** How many unresolved tasks are printed in full: the rest by id only, so CI output stays readable. */
export const DETAILED_TASKS = 20;

/** The facts as text: one block per task (the first `DETAILED_TASKS`), the last `lastEvents` history events of each. */
export function formatUnresolved(facts: UnresolvedFacts[], lastEvents = 12): string {
  const rest = facts.slice(DETAILED_TASKS).map((f) => f.taskId);
  const blocks = facts.slice(0, DETAILED_TASKS).map((f) => {
    const lines = [`unresolved task ${f.taskId}`];
    if (f.row) {
      const fields = Object.entries(f.row).filter(([, v]) => v !== null);
      lines.push(`  row: ${fields.map(([k, v]) => `${k}=${v}`).join(', ')}`);
    } else if (!f.errors.some((e) => e.startsWith('row:'))) {
      lines.push('  row: none (no tasks row with this id)');
    }
    if (f.workflow) {
      const w = f.workflow;
      const result = w.result ? ` result=${JSON.stringify(pick(w.result))}` : '';
      lines.push(`  workflow: ${w.status}${w.closeTime ? ` closed ${w.closeTime}` : ''}${result}`);
      const shown = w.events.slice(-lastEvents);
      if (shown.length < w.events.length)
        lines.push(`    … ${w.events.length - shown.length} earlier events`);
      for (const e of shown) lines.push(`    ${e.time} ${e.type}${e.detail ? ` ${e.detail}` : ''}`);
    }
    for (const e of f.errors) lines.push(`  ${e}`);
    return lines.join('\n');
  });
  if (rest.length > 0) blocks.push(`… and ${rest.length} more unresolved: ${rest.join(' ')}`);
  return blocks.join('\n');
}

function pick(result: NonNullable<WorkflowFacts['result']>) {
  return { status: result.status, branch: result.branch, description: result.description };
}
