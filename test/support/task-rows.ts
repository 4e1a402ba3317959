import type { Queryable } from '../../store/index.js';

/** A `tasks` row (CONTRACTS §2) as the intake and the activities write it; tests insert them directly. */
export interface TaskRowInput {
  task_id: string;
  company_id: number;
  agent_id: string;
  slot_id: string;
  channel_id: string;
  recipient: string;
  status?: string;
  branch?: string | null;
  urgent?: boolean;
  accepted_at?: string;
  waiting_reason?: string | null;
  sent_at?: string | null;
  resolved_at?: string | null;
  channel_response?: unknown;
}

export async function insertTask(db: Queryable, row: TaskRowInput): Promise<void> {
  await db.query(
    `INSERT INTO tasks (task_id, company_id, agent_id, slot_id, webhook, channel_id, chat_id, recipient, urgent,
       status, branch, waiting_reason, channel_response, accepted_at, sent_at, resolved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      row.task_id,
      row.company_id,
      row.agent_id,
      row.slot_id,
      `${row.company_id}::${'0'.repeat(32)}`,
      row.channel_id,
      `${row.channel_id}:${row.recipient}`,
      row.recipient,
      row.urgent ?? false,
      row.status ?? 'accepted',
      row.branch ?? null,
      row.waiting_reason ?? null,
      row.channel_response === undefined ? null : JSON.stringify(row.channel_response),
      row.accepted_at ?? new Date().toISOString(),
      row.sent_at ?? null,
      row.resolved_at ?? null,
    ],
  );
}
