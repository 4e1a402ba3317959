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
