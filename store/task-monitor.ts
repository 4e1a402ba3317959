import type { StoreContext } from './context.js';
import type { Row } from './driver/database.js';
import { ValidationError } from './errors.js';

/**
 * The console's task monitor reads the `tasks` table (CONTRACTS §2; the intake and the workflow's
 * activities write it). Read-only here. Pages are keyset pages on (accepted_at, task_id), newest
 * first, so page 10 000 costs what page 1 costs, whatever the table's size.
 */

export interface TaskRecord {
  taskId: string;
  companyId: number;
  agentId: string;
  slotId: string;
  channelId: string;
  recipient: string;
  urgent: boolean;
  status: string;
  branch: string | null;
  description: string | null;
  detail: string | null;
  waitingReason: string | null;
  channelResponse: unknown;
  messageId: string | null;
  branchHook: string | null;
  acceptedAt: Date;
  startedAt: Date | null;
  sentAt: Date | null;
  resolvedAt: Date | null;
  updatedAt: Date;
}

export interface TaskFilter {
  companyId?: number;
  slotId?: string;
  status?: string;
  branch?: string;
  /** Digits only; matched exactly. */
  recipient?: string;
  from?: Date;
  to?: Date;
  /** `next_cursor` of the previous page. */
  cursor?: string;
  limit: number;
}

export interface OutcomeBucket {
  start: Date;
  success: number;
  noAccount: number;
  fail: number;
  /** Accepted in this bucket and not resolved yet. */
  waiting: number;
}

export interface TaskMonitor {
  listTasks(filter: TaskFilter): Promise<{ tasks: TaskRecord[]; nextCursor: string | null }>;
  getMonitoredTask(taskId: string): Promise<TaskRecord | undefined>;
  slotOutcomes(
    slotId: string,
    range: { from: Date; to: Date; bucket: 'hour' | 'day' },
  ): Promise<OutcomeBucket[]>;
}

export function taskMonitorOperations({ db }: StoreContext): TaskMonitor {
  return {
    async listTasks(filter) {
      const { where, params } = whereClause(filter);
      params.push(filter.limit + 1);
      const { rows } = await db.query(
        `SELECT *, accepted_at::text AS accepted_key FROM tasks ${where}
         ORDER BY accepted_at DESC, task_id DESC LIMIT $${params.length}`,
        params,
      );
      const page = rows.slice(0, filter.limit);
      const last = page[page.length - 1];
      const more = rows.length > filter.limit && last !== undefined;
      return {
        tasks: page.map(toTask),
        nextCursor: more ? encodeCursor(String(last.accepted_key), String(last.task_id)) : null,
      };
    },
    async getMonitoredTask(taskId) {
      const { rows } = await db.query('SELECT * FROM tasks WHERE task_id = $1', [taskId]);
      return rows[0] ? toTask(rows[0]) : undefined;
    },
    async slotOutcomes(slotId, { from, to, bucket }) {
      const { rows } = await db.query(
        `SELECT date_trunc('${bucket === 'day' ? 'day' : 'hour'}', accepted_at) AS start,
                count(*) FILTER (WHERE branch = 'success') AS success,
                count(*) FILTER (WHERE branch = 'no_account') AS no_account,
                count(*) FILTER (WHERE branch = 'fail') AS fail,
                count(*) FILTER (WHERE branch IS NULL) AS waiting
           FROM tasks WHERE slot_id = $1 AND accepted_at >= $2 AND accepted_at < $3
          GROUP BY 1 ORDER BY 1`,
        [slotId, from, to],
      );
      return rows.map((r) => ({
        start: r.start as Date,
        success: Number(r.success),
        noAccount: Number(r.no_account),
        fail: Number(r.fail),
        waiting: Number(r.waiting),
      }));
    },
  };
}

function whereClause(filter: TaskFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (filter.companyId !== undefined) add((p) => `company_id = ${p}`, filter.companyId);
  if (filter.slotId !== undefined) add((p) => `slot_id = ${p}`, filter.slotId);
  if (filter.status !== undefined) add((p) => `status = ${p}`, filter.status);
  if (filter.branch !== undefined) add((p) => `branch = ${p}`, filter.branch);
  if (filter.recipient !== undefined) add((p) => `recipient = ${p}`, filter.recipient);
  if (filter.from !== undefined) add((p) => `accepted_at >= ${p}`, filter.from);
  if (filter.to !== undefined) add((p) => `accepted_at < ${p}`, filter.to);
  if (filter.cursor !== undefined) {
    const [at, id] = decodeCursor(filter.cursor);
    params.push(at, id);
    conditions.push(`(accepted_at, task_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** `timestamptz::text`, e.g. `2026-12-01 10:00:00.000022+00`. */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** PostgreSQL's own text of the timestamp keeps its microseconds, which a JS Date would round away. */
function encodeCursor(acceptedAt: string, taskId: string): string {
  return Buffer.from(JSON.stringify([acceptedAt, taskId])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      PG_TIMESTAMP.test(value[0])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // falls through to the validation error
  }
  throw new ValidationError([{ field: 'cursor', message: 'Not a cursor this service returned' }]);
}

function toTask(r: Row): TaskRecord {
  const date = (v: unknown) => (v === null || v === undefined ? null : (v as Date));
  return {
    taskId: String(r.task_id),
    companyId: Number(r.company_id),
    agentId: String(r.agent_id),
    slotId: String(r.slot_id),
    channelId: String(r.channel_id),
    recipient: String(r.recipient),
    urgent: Boolean(r.urgent),
    status: String(r.status),
    branch: (r.branch as string | null) ?? null,
    description: (r.description as string | null) ?? null,
    detail: (r.detail as string | null) ?? null,
    waitingReason: (r.waiting_reason as string | null) ?? null,
    channelResponse: r.channel_response ?? null,
    messageId: (r.message_id as string | null) ?? null,
    branchHook: (r.branch_hook as string | null) ?? null,
    acceptedAt: r.accepted_at as Date,
    startedAt: date(r.started_at),
    sentAt: date(r.sent_at),
    resolvedAt: date(r.resolved_at),
    updatedAt: r.updated_at as Date,
  };
}
