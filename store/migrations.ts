import type { Database } from './driver/database.js';

/** A numbered schema step. Never edit a released one: add the next number. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'control plane',
    statements: [
      `CREATE TABLE companies (
        id integer PRIMARY KEY CHECK (id > 0),
        rate_limit_per_second integer NOT NULL CHECK (rate_limit_per_second > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      // Deleting a channel removes the row, secrets included; snapshots keep only its id and kind.
      `CREATE TABLE channels (
        id text PRIMARY KEY,
        company_id integer NOT NULL REFERENCES companies (id),
        kind text NOT NULL CHECK (kind IN ('360dialog', '360dialog-cloud')),
        base_url text NOT NULL,
        api_key text NOT NULL,
        callback_secret text NOT NULL,
        active boolean NOT NULL,
        -- the callback URL last registered with 360dialog; cleared when kind, base URL, key or secret change
        callbacks_registered_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX channels_company ON channels (company_id)`,
      `CREATE TABLE agents (
        id text PRIMARY KEY,
        company_id integer NOT NULL REFERENCES companies (id),
        inactivity_timeout_seconds integer NOT NULL CHECK (inactivity_timeout_seconds > 0),
        live_version integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX agents_company ON agents (company_id)`,
      // The draft: what the admin edits. Only a training makes it live.
      `CREATE TABLE slots (
        id text PRIMARY KEY,
        agent_id text NOT NULL REFERENCES agents (id),
        company_id integer NOT NULL REFERENCES companies (id),
        webhook text NOT NULL UNIQUE,
        settings jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX slots_agent ON slots (agent_id)`,
      // Published trainings: insert-only, never updated.
      `CREATE TABLE trainings (
        agent_id text NOT NULL REFERENCES agents (id),
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agent_id, version)
      )`,
      `CREATE TABLE training_slots (
        agent_id text NOT NULL,
        version integer NOT NULL,
        position integer NOT NULL,
        slot_id text NOT NULL,
        webhook text NOT NULL,
        snapshot jsonb NOT NULL,
        PRIMARY KEY (agent_id, version, slot_id),
        FOREIGN KEY (agent_id, version) REFERENCES trainings (agent_id, version)
      )`,
      `CREATE INDEX training_slots_webhook ON training_slots (webhook)`,
    ],
  },
  {
    version: 2,
    name: 'tasks and chats',
    statements: [
      // One row per accepted task: the task status endpoint and the console read it, never Temporal.
      `CREATE TABLE tasks (
        task_id text PRIMARY KEY,
        company_id integer NOT NULL,
        agent_id text NOT NULL,
        slot_id text NOT NULL,
        webhook text NOT NULL,
        channel_id text NOT NULL,
        chat_id text NOT NULL,
        recipient text NOT NULL,
        urgent boolean NOT NULL,
        status text NOT NULL,
        branch text,
        description text,
        detail text,
        waiting_reason text,
        channel_response jsonb,
        message_id text,
        branch_hook text,
        accepted_at timestamptz NOT NULL,
        started_at timestamptz,
        sent_at timestamptz,
        resolved_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX tasks_company_time ON tasks (company_id, accepted_at DESC, task_id DESC)`,
      `CREATE INDEX tasks_slot_time ON tasks (slot_id, accepted_at DESC, task_id DESC)`,
      `CREATE INDEX tasks_chat_sent ON tasks (chat_id) WHERE status = 'sent'`,
      `CREATE INDEX tasks_message ON tasks (channel_id, message_id) WHERE message_id IS NOT NULL`,
      // The chat context outlives the chat workflow, which ends when nothing is pending.
      `CREATE TABLE chat_contexts (
        chat_id text PRIMARY KEY,
        channel_id text NOT NULL,
        recipient text NOT NULL,
        context jsonb NOT NULL,
        inactivity_timeout_seconds integer,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      // Sent message -> task, and the statuses that arrived before the send was recorded.
      `CREATE TABLE message_routes (
        channel_id text NOT NULL,
        message_id text NOT NULL,
        task_id text,
        early_events jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel_id, message_id)
      )`,
      // 360dialog reported a wa_id other than the digits sent to: messages from it belong to target.
      `CREATE TABLE chat_aliases (
        alias_chat_id text PRIMARY KEY,
        target_chat_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
  },
  {
    version: 3,
    name: 'send pacing',
    statements: [
      // A number's send rate (Meta's throughput tier); the default per kind is stated in the README.
      `ALTER TABLE channels ADD COLUMN send_rate_per_second integer
        CHECK (send_rate_per_second BETWEEN 1 AND 1000)`,
      `UPDATE channels SET send_rate_per_second = CASE kind WHEN '360dialog-cloud' THEN 80 ELSE 20 END`,
      `ALTER TABLE channels ALTER COLUMN send_rate_per_second SET NOT NULL`,
      // The shared send bucket: no foreign key, so deleting a channel never waits for a sender's lock.
      `CREATE TABLE send_pacing (
        channel_id text PRIMARY KEY,
        next_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`,
      `CREATE TABLE send_pacing_tickets (
        channel_id text NOT NULL,
        task_id text NOT NULL,
        slot_at timestamptz NOT NULL,
        PRIMARY KEY (channel_id, task_id)
      )`,
      `CREATE INDEX send_pacing_tickets_slot ON send_pacing_tickets (channel_id, slot_at)`,
    ],
  },
  // Company-scoped admin access and console sessions (issue 12). Only hashes are stored: a database
  // dump holds no usable token and no usable session cookie.
  {
    version: 4,
    name: 'company tokens and sessions',
    statements: [
      `CREATE TABLE company_tokens (
        id text PRIMARY KEY,
        company_id integer NOT NULL REFERENCES companies (id),
        role text NOT NULL CHECK (role IN ('editor', 'viewer')),
        token_hash text NOT NULL UNIQUE,
        label text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`,
      `CREATE INDEX company_tokens_company ON company_tokens (company_id)`,
      // token_id null = an admin session; admin_token_hash ties it to the ADMIN_TOKEN it signed in with,
      // so changing ADMIN_TOKEN ends every admin session.
      `CREATE TABLE console_sessions (
        id_hash text PRIMARY KEY,
        token_id text REFERENCES company_tokens (id),
        admin_token_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked boolean NOT NULL DEFAULT false,
        CHECK ((token_id IS NULL) <> (admin_token_hash IS NULL))
      )`,
      // The task monitor's keyset pages across all companies and by recipient (CONTRACTS §2 covers
      // per company and per slot).
      `CREATE INDEX tasks_time ON tasks (accepted_at DESC, task_id DESC)`,
      `CREATE INDEX tasks_recipient_time ON tasks (recipient, accepted_at DESC, task_id DESC)`,
    ],
  },
  {
    version: 5,
    name: 'template catalog',
    statements: [
      // The stored copy of each channel's 360dialog template list (catalog/catalog-cache.ts). No
      // foreign key: the copy is a cache, and the fingerprint already ties it to the connection.
      `CREATE TABLE channel_templates (
        channel_id text PRIMARY KEY,
        source_fingerprint text NOT NULL,
        templates jsonb NOT NULL,
        fetched_at timestamptz NOT NULL
      )`,
    ],
  },
  // The intake's outbox (api/intake/task-starter.ts): the workflow input of a task whose start was
  // not yet confirmed. A 200 is answered once this is committed; the column is cleared once the
  // workflow exists, and a sweeper starts whatever a crash or an outage left behind.
  {
    version: 6,
    name: 'task start outbox',
    statements: [
      `ALTER TABLE tasks ADD COLUMN pending_start jsonb`,
      `CREATE INDEX tasks_pending_start ON tasks (accepted_at) WHERE pending_start IS NOT NULL`,
    ],
  },
  // The send claim (activities/send-claim.ts): which attempt of which send activity (its sequence
  // number in the task's workflow) got as far as the wire. Another attempt must not send then.
  {
    version: 7,
    name: 'send claim',
    statements: [
      `ALTER TABLE tasks ADD COLUMN send_claim_activity integer`,
      `ALTER TABLE tasks ADD COLUMN send_claim_attempt integer`,
    ],
  },
];

/** Any constant both replicas agree on: the key of the advisory lock that serialises migrations. */
const MIGRATION_LOCK_KEY = 4_036_002;

/**
 * Applies the missing migrations in one transaction. Several replicas may start at once against one
 * PostgreSQL: the transaction-scoped advisory lock makes the others wait, then find nothing to do.
 * Returns the versions applied.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
