import type { StoreContext } from './context.js';
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

/** The intake's lookup: memory first, the database on a miss (see `LookupCache` for staleness). */
export function slotLookup({ db, cache }: StoreContext): SlotLookup & BranchHookCredentialsReader {
  return {
    async getBranchHookUrl(slotId, branch) {
      const { rows } = await db.query<{ url: string | null }>(BRANCH_HOOK_URL, [slotId, branch]);
      return rows[0]?.url ?? undefined;
    },
    async resolveWebhook(webhook) {
      const companyId = webhookCompanyId(webhook);
      // Malformed webhooks are answered without the database and never cached.
      if (companyId === undefined) return { outcome: 'company_not_found' };
      const cached = cache.get(webhook);
      if (cached) return cached;
      const generation = cache.generation;
      const { rows } = await db.query(RESOLVE, [companyId, webhook]);
      return cache.set(webhook, toResolution(rows[0]), generation);
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
