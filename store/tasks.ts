import type { Row } from './driver/database.js';
import type { StoreContext } from './context.js';
import type { ExecutionStore, TaskPatch, TaskRow } from './execution-types.js';
import { fromJson } from './rows.js';

type TaskOperations = Pick<
  ExecutionStore,
  | 'insertTask'
  | 'deleteTask'
  | 'getTask'
  | 'updateTask'
  | 'sentTaskIds'
  | 'claimSend'
  | 'startConfirmed'
  | 'pendingStarts'
  | 'startRefused'
>;

/** Patch key → column; jsonb columns are passed as JSON text. A closed list: no SQL from input. */
const COLUMNS: Record<keyof TaskPatch, { column: string; json?: boolean }> = {
  status: { column: 'status' },
  branch: { column: 'branch' },
  description: { column: 'description' },
  detail: { column: 'detail' },
  waitingReason: { column: 'waiting_reason' },
  channelResponse: { column: 'channel_response', json: true },
  messageId: { column: 'message_id' },
  branchHook: { column: 'branch_hook' },
  startedAt: { column: 'started_at' },
  sentAt: { column: 'sent_at' },
  resolvedAt: { column: 'resolved_at' },
};

export function taskOperations({ db }: StoreContext): TaskOperations {
  return {
    async insertTask(task, pendingStart) {
      const { rowCount } = await db.query(
        `INSERT INTO tasks (task_id, company_id, agent_id, slot_id, webhook, channel_id, chat_id,
           recipient, urgent, status, accepted_at, pending_start)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'accepted', $10, $11::jsonb)
         ON CONFLICT (task_id) DO NOTHING`,
        [
          task.taskId,
          task.companyId,
          task.agentId,
          task.slotId,
          task.webhook,
          task.channelId,
          task.chatId,
          task.recipient,
          task.urgent,
          task.acceptedAt,
          pendingStart === undefined ? null : JSON.stringify(pendingStart),
        ],
      );
      return rowCount > 0;
    },
    async startConfirmed(taskIds) {
      if (taskIds.length === 0) return;
      await db.query('UPDATE tasks SET pending_start = NULL WHERE task_id = ANY($1::text[])', [taskIds]);
    },
    async pendingStarts(acceptedBefore, limit) {
      const { rows } = await db.query<{ task_id: string; pending_start: unknown }>(
        `SELECT task_id, pending_start FROM tasks
         WHERE pending_start IS NOT NULL AND accepted_at < $1
         ORDER BY accepted_at LIMIT $2`,
        [acceptedBefore, limit],
      );
      return rows.map((r) => ({ taskId: r.task_id, input: fromJson<unknown>(r.pending_start) }));
    },
    async startRefused(taskId, detail) {
      // The SPEC's "could not be built, for whatever reason" outcome (workflows/task-outcome.ts).
      await db.query(
        `UPDATE tasks SET pending_start = NULL, status = 'failed', branch = 'fail',
           description = 'failed to build request', detail = $2, resolved_at = now(), updated_at = now()
         WHERE task_id = $1 AND pending_start IS NOT NULL`,
        [taskId, detail],
      );
    },
    async deleteTask(taskId) {
      await db.query('DELETE FROM tasks WHERE task_id = $1', [taskId]);
    },
    async getTask(taskId) {
      const { rows } = await db.query('SELECT * FROM tasks WHERE task_id = $1', [taskId]);
      return rows[0] ? toTaskRow(rows[0]) : undefined;
    },
    async updateTask(taskId, patch) {
      const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [
        keyof TaskPatch,
        unknown,
      ][];
      if (entries.length === 0) return true;
      const sets = entries.map(([key], i) => {
        const spec = COLUMNS[key];
        return `${spec.column} = $${i + 2}${spec.json ? '::jsonb' : ''}`;
      });
      const values = entries.map(([key, value]) =>
        COLUMNS[key].json ? JSON.stringify(value ?? null) : value,
      );
      const { rowCount } = await db.query(
        `UPDATE tasks SET ${sets.join(', ')}, updated_at = now() WHERE task_id = $1`,
        [taskId, ...values],
      );
      return rowCount > 0;
    },
    async claimSend(taskId, { activity, attempt }) {
      // One statement, so two attempts racing on PostgreSQL serialise on the row lock: the second
      // re-reads the row after the first committed and finds the claim taken. A later activity (the
      // workflow sends again after a rate limit answered "not now") takes over an earlier one's
      // claim, never the reverse: a stalled attempt of the earlier one must not send after it.
      const { rows } = await db.query<{ claimed: boolean; task_exists: boolean }>(
        `WITH claimed AS (
           UPDATE tasks SET send_claim_activity = $2, send_claim_attempt = $3
           WHERE task_id = $1
             AND (send_claim_activity IS NULL OR send_claim_activity < $2
                  OR (send_claim_activity = $2 AND send_claim_attempt = $3))
           RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM claimed) AS claimed,
                EXISTS (SELECT 1 FROM tasks WHERE task_id = $1) AS task_exists`,
        [taskId, activity, attempt],
      );
      const row = rows[0];
      if (row?.claimed) return 'claimed';
      return row?.task_exists ? 'taken' : 'no-task';
    },
    async sentTaskIds(chatId) {
      const { rows } = await db.query<{ task_id: string }>(
        `SELECT task_id FROM tasks WHERE chat_id = $1 AND status = 'sent' ORDER BY accepted_at`,
        [chatId],
      );
      return rows.map((r) => r.task_id);
    },
  };
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));

export function toTaskRow(r: Row): TaskRow {
  return {
    taskId: r.task_id as string,
    companyId: Number(r.company_id),
    agentId: r.agent_id as string,
    slotId: r.slot_id as string,
    webhook: r.webhook as string,
    channelId: r.channel_id as string,
    chatId: r.chat_id as string,
    recipient: r.recipient as string,
    urgent: r.urgent as boolean,
    status: r.status as TaskRow['status'],
    branch: (r.branch as TaskRow['branch']) ?? null,
    description: (r.description as string | null) ?? null,
    detail: (r.detail as string | null) ?? null,
    waitingReason: (r.waiting_reason as string | null) ?? null,
    channelResponse: r.channel_response ?? null,
    messageId: (r.message_id as string | null) ?? null,
    branchHook: (r.branch_hook as TaskRow['branchHook']) ?? null,
    acceptedAt: date(r.accepted_at) as Date,
    startedAt: date(r.started_at),
    sentAt: date(r.sent_at),
    resolvedAt: date(r.resolved_at),
    updatedAt: date(r.updated_at) as Date,
  };
}
