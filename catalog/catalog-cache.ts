/**
 * The stored copy of each channel's template list (migration 5, `channel_templates`): one row per
 * channel with the templates and when they were read. A row remembers which connection it was read
 * through (a hash of kind, base URL and key, never the key itself), so a channel pointed at another
 * number or given another key does not answer with the old number's templates.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../store/driver/database.js';
import type { ChannelKind } from '../workflows/slot-snapshot.js';
import type { CatalogTemplate } from './template-model.js';

export interface StoredCatalog {
  templates: CatalogTemplate[];
  fetchedAt: Date;
}

export interface ConnectionIdentity {
  kind: ChannelKind;
  baseUrl: string;
  apiKey: string;
}

export function connectionFingerprint(c: ConnectionIdentity): string {
  return createHash('sha256').update(`${c.kind}\n${c.baseUrl}\n${c.apiKey}`).digest('hex');
}

export async function readStoredCatalog(
  db: Queryable,
  channelId: string,
  connection: ConnectionIdentity,
): Promise<StoredCatalog | undefined> {
  const { rows } = await db.query<{ templates: unknown; fetched_at: Date }>(
    'SELECT templates, fetched_at FROM channel_templates WHERE channel_id = $1 AND source_fingerprint = $2',
    [channelId, connectionFingerprint(connection)],
  );
  const row = rows[0];
  if (!row) return undefined;
  const templates = (
    typeof row.templates === 'string' ? JSON.parse(row.templates) : row.templates
  ) as CatalogTemplate[];
  return { templates, fetchedAt: new Date(row.fetched_at) };
}

export async function storeCatalog(
  db: Queryable,
  channelId: string,
  connection: ConnectionIdentity,
  catalog: StoredCatalog,
): Promise<void> {
  await db.query(
    `INSERT INTO channel_templates (channel_id, source_fingerprint, templates, fetched_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (channel_id) DO UPDATE
       SET source_fingerprint = EXCLUDED.source_fingerprint, templates = EXCLUDED.templates,
           fetched_at = EXCLUDED.fetched_at`,
    [channelId, connectionFingerprint(connection), JSON.stringify(catalog.templates), catalog.fetchedAt],
  );
}
