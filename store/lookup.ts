import type { StoreContext } from './context.js';
import type { Queryable } from './driver/database.js';
import type { KnownWebhooks } from './lookup-cache.js';
import { webhookCompanyId } from './ids.js';
import { fromJson } from './rows.js';
import { normaliseSnapshot, snapshotForWorkflow } from './snapshot.js';
import type { BranchHookCredentialsReader, SlotLookup, SlotSnapshot, WebhookResolution } from './types.js';

/**
 * One query answers SPEC §3 rows 2, 6 and 7 together: the company, the slot its live training serves
 * under this webhook, and whether the slot's channel exists in that company and is active now.
 */
const RESOLVE = `
  SELECT c.id, c.rate_limit_per_second, live.snapshot, ch.active AS channel_active
  FROM companies c
  LEFT JOIN (
    SELECT ts.snapshot, a.company_id FROM training_slots ts
    JOIN agents a ON a.id = ts.agent_id AND a.live_version = ts.version
    WHERE ts.webhook = $2
  ) live ON live.company_id = c.id
  LEFT JOIN channels ch ON ch.id = live.snapshot -> 'channel' ->> 'id' AND ch.company_id = c.id
  WHERE c.id = $1
  LIMIT 1`;

/** The hook URL of a slot's live training, credentials included: for the hook activity only. */
const BRANCH_HOOK_URL = `
  SELECT ts.snapshot -> 'branchHooks' ->> $2 AS url FROM training_slots ts
  JOIN agents a ON a.id = ts.agent_id AND a.live_version = ts.version
  WHERE ts.slot_id = $1
  LIMIT 1`;

/**
 * Cheap enough to run once a second per replica: changes when a company is created or its rate
 * limit changes, and when any agent is trained (a new `trainings` row, a new `live_version`).
 */
const KNOWN_VERSION = `
  SELECT concat_ws(':',
    (SELECT count(*) FROM companies), (SELECT max(updated_at) FROM companies),
    (SELECT count(*) FROM trainings), (SELECT max(updated_at) FROM agents)) AS version`;

const KNOWN_COMPANIES = 'SELECT id, rate_limit_per_second FROM companies';

const KNOWN_LIVE = `
  SELECT ts.webhook, a.company_id FROM training_slots ts
  JOIN agents a ON a.id = ts.agent_id AND a.live_version = ts.version`;

async function loadKnown(db: Queryable, version: string): Promise<KnownWebhooks> {
  const companies = await db.query<{ id: number; rate_limit_per_second: number }>(KNOWN_COMPANIES);
  const live = await db.query<{ webhook: string; company_id: number }>(KNOWN_LIVE);
  return {
    version,
    companies: new Map(
      companies.rows.map((r) => [
        Number(r.id),
        { id: Number(r.id), rateLimitPerSecond: Number(r.rate_limit_per_second) },
      ]),
    ),
    live: new Map(live.rows.map((r) => [r.webhook, Number(r.company_id)])),
  };
}

/**
 * The intake's lookup (SPEC §3 "Rate limit and strangers"): a malformed webhook, an unknown company
 * and a webhook no live slot serves are answered from the known set in memory, with no query and
 * no cache entry; only live webhooks are resolved through the cache and, on a miss, the database.
 */
export function slotLookup({ db, cache }: StoreContext): SlotLookup & BranchHookCredentialsReader {
  const known = () =>
    cache.known.current({
      version: async () => String((await db.query<{ version: string }>(KNOWN_VERSION)).rows[0]?.version),
      everything: (version) => loadKnown(db, version),
    });
  return {
    async getBranchHookUrl(slotId, branch) {
      const { rows } = await db.query<{ url: string | null }>(BRANCH_HOOK_URL, [slotId, branch]);
      return rows[0]?.url ?? undefined;
    },
    async resolveWebhook(webhook) {
      const companyId = webhookCompanyId(webhook);
      // Malformed webhooks are answered without the database and never cached.
      if (companyId === undefined) return { outcome: 'company_not_found' };
      const { companies, live } = await known();
      const company = companies.get(companyId);
      if (!company) return { outcome: 'company_not_found' };
      if (live.get(webhook) !== companyId) return { outcome: 'notification_not_found', company };
      return cache.resolve(webhook, async () =>
        toResolution((await db.query(RESOLVE, [companyId, webhook])).rows[0]),
      );
    },
  };
}

function toResolution(row: Record<string, unknown> | undefined): WebhookResolution {
  if (!row) return { outcome: 'company_not_found' };
  const company = { id: Number(row.id), rateLimitPerSecond: Number(row.rate_limit_per_second) };
  if (row.snapshot === null || row.snapshot === undefined)
    return { outcome: 'notification_not_found', company };
  // What the intake hands to a workflow: hook credentials stay in the store.
  const slot = snapshotForWorkflow(normaliseSnapshot(fromJson<SlotSnapshot>(row.snapshot)));
  return row.channel_active === true
    ? { outcome: 'ok', company, slot }
    : { outcome: 'channel_inactive', company, slot };
}
