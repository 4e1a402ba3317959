import { type CatalogReading, checkWithReading } from '../catalog/catalog-reading.js';
import type { StoreContext } from './context.js';
import type { Queryable, Row } from './driver/database.js';
import { NotFoundError } from './errors.js';
import { fromJson, toAgent, toSettings } from './rows.js';
import { validateSlotSettings } from './slot-rules.js';
import { normaliseSnapshot, sameSnapshots, toSlotSnapshot } from './snapshot.js';
import type { ChannelKind, ControlPlane, FieldError, SlotSnapshot, TrainOutcome } from './types.js';

type TrainingOperations = Pick<ControlPlane, 'trainAgent' | 'getTraining'>;

/**
 * SPEC §1: training validates every slot of the agent and publishes an immutable numbered snapshot;
 * until then edits change nothing live. A failed training publishes nothing, so the previous
 * snapshot keeps serving. The agent row is locked for the duration, so concurrent trainings of one
 * agent get consecutive versions.
 */
export function trainingOperations(ctx: StoreContext): TrainingOperations {
  const { db, logger, cache } = ctx;
  return {
    async trainAgent(agentId, { onlyIfChanged = false } = {}) {
      // 360dialog is read before the transaction: a slow answer must not hold the agent's lock.
      const catalogs = await readCatalogs(ctx, agentId);
      const outcome = await db.transaction(async (tx): Promise<TrainOutcome> => {
        const { rows } = await tx.query('SELECT * FROM agents WHERE id = $1 FOR UPDATE', [agentId]);
        if (!rows[0]) throw new NotFoundError('Agent');
        const agent = toAgent(rows[0]);
        const version = await nextVersion(tx, agentId);
        const built = await buildSnapshots(ctx, tx, {
          agentId: agent.id,
          companyId: agent.companyId,
          version,
          inactivityTimeoutSeconds: agent.inactivityTimeoutSeconds,
          catalogs,
        });
        const { warnings } = built;
        if ('errors' in built) {
          return { outcome: 'invalid', errors: built.errors, liveVersion: agent.liveVersion, warnings };
        }
        if (onlyIfChanged && agent.liveVersion !== null) {
          const live = await readSnapshots(tx, agentId, agent.liveVersion);
          if (sameSnapshots(live, built.slots)) {
            return { outcome: 'unchanged', version: agent.liveVersion, warnings };
          }
        }
        await publish(tx, agentId, version, built.slots);
        return { outcome: 'trained', version, slots: built.slots, warnings };
      });
      if (outcome.outcome === 'trained') {
        cache.clear();
        logger.info('agent trained', { agentId, version: outcome.version, slots: outcome.slots.length });
      } else if (outcome.outcome === 'invalid') {
        logger.info('agent training rejected', { agentId, errors: outcome.errors.length });
      }
      return outcome;
    },
    async getTraining(agentId, version) {
      if (!Number.isSafeInteger(version) || version < 1 || version > 2_147_483_647) return undefined;
      const { rows } = await db.query('SELECT * FROM trainings WHERE agent_id = $1 AND version = $2', [
        agentId,
        version,
      ]);
      if (!rows[0]) return undefined;
      return {
        agentId,
        version,
        createdAt: rows[0].created_at as Date,
        slots: await readSnapshots(db, agentId, version),
      };
    },
  };
}

async function nextVersion(tx: Queryable, agentId: string): Promise<number> {
  const { rows } = await tx.query<{ next: number }>(
    'SELECT (COALESCE(MAX(version), 0) + 1)::int AS next FROM trainings WHERE agent_id = $1',
    [agentId],
  );
  return Number(rows[0]?.next ?? 1);
}

/**
 * The template list of every channel the agent's slots name (of its own company), read from
 * 360dialog in parallel, each falling back to its stored copy (`catalog/`).
 */
async function readCatalogs(ctx: StoreContext, agentId: string): Promise<Map<string, CatalogReading>> {
  const { rows } = await ctx.db.query<{ id: string }>(
    `SELECT DISTINCT c.id FROM slots s
     JOIN channels c ON c.id = btrim(s.settings->>'destinationChannel') AND c.company_id = s.company_id
     WHERE s.agent_id = $1`,
    [agentId],
  );
  const readings = await Promise.all(
    rows.map(async (r) => [r.id, await ctx.templates.readFresh(r.id)] as const),
  );
  return new Map(readings);
}

interface BuildContext {
  agentId: string;
  companyId: number;
  version: number;
  inactivityTimeoutSeconds: number;
  catalogs: Map<string, CatalogReading>;
}

type Built = ({ slots: SlotSnapshot[] } | { errors: FieldError[] }) & { warnings: FieldError[] };

/**
 * Every slot through the SPEC §2 rules against the channels that exist now, then through the
 * template check against its channel's templates (errors refuse, warnings are reported), then into
 * snapshots.
 */
async function buildSnapshots(ctx: StoreContext, tx: Queryable, build: BuildContext): Promise<Built> {
  const { agentId, companyId } = build;
  const slots = await tx.query('SELECT * FROM slots WHERE agent_id = $1 ORDER BY created_at, id', [agentId]);
  const channels = await tx.query<{ id: string; kind: ChannelKind }>(
    'SELECT id, kind FROM channels WHERE company_id = $1',
    [companyId],
  );
  const kinds = new Map(channels.rows.map((c) => [c.id, c.kind]));
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const snapshots: SlotSnapshot[] = [];
  const now = new Date();
  for (const row of slots.rows) {
    const slotId = row.id as string;
    const prefix = (e: FieldError) => ({ field: `slots.${slotId}.${e.field}`, message: e.message });
    const settings = toSettings(row.settings);
    const slotErrors = validateSlotSettings(settings, {
      companyId,
      channelIds: new Set(kinds.keys()),
      checkExpression: ctx.checkExpression,
    });
    errors.push(...slotErrors.map(prefix));
    const channelId = settings.destinationChannel.trim();
    const kind = kinds.get(channelId);
    if (slotErrors.length > 0 || kind === undefined) continue;
    const reading = build.catalogs.get(channelId) ?? NOT_READ;
    for (const finding of checkWithReading(settings.destination, kind, reading, now)) {
      (finding.severity === 'error' ? errors : warnings).push(prefix(finding));
    }
    snapshots.push(
      toSlotSnapshot({
        companyId,
        agentId,
        trainingVersion: build.version,
        inactivityTimeoutSeconds: build.inactivityTimeoutSeconds,
        slotId,
        webhook: row.webhook as string,
        settings,
        channelKind: kind,
      }),
    );
  }
  errors.push(...(await webhooksLiveElsewhere(tx, agentId, snapshots)));
  return errors.length > 0 ? { errors, warnings } : { slots: snapshots, warnings };
}

/** A slot saved (or moved to a channel) while its training read 360dialog: trains unchecked, said so. */
const NOT_READ: CatalogReading = {
  state: 'unavailable',
  failure: 'the channel was not read for this training',
};

/** A webhook pinned by a config file must not be one another agent serves now. */
async function webhooksLiveElsewhere(
  tx: Queryable,
  agentId: string,
  snapshots: SlotSnapshot[],
): Promise<FieldError[]> {
  if (snapshots.length === 0) return [];
  const { rows } = await tx.query<{ webhook: string; agent_id: string }>(
    `SELECT ts.webhook, ts.agent_id FROM training_slots ts
     JOIN agents a ON a.id = ts.agent_id AND a.live_version = ts.version
     WHERE ts.agent_id <> $1 AND ts.webhook = ANY($2::text[])`,
    [agentId, snapshots.map((s) => s.webhook)],
  );
  return rows.map((r) => ({
    field: `slots.${snapshots.find((s) => s.webhook === r.webhook)?.slotId ?? '?'}.webhook`,
    message: `Webhook is live in agent ${r.agent_id}`,
  }));
}

async function publish(
  tx: Queryable,
  agentId: string,
  version: number,
  slots: SlotSnapshot[],
): Promise<void> {
  await tx.query('INSERT INTO trainings (agent_id, version) VALUES ($1, $2)', [agentId, version]);
  for (const [position, slot] of slots.entries()) {
    await tx.query(
      `INSERT INTO training_slots (agent_id, version, position, slot_id, webhook, snapshot)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [agentId, version, position, slot.slotId, slot.webhook, JSON.stringify(slot)],
    );
  }
  await tx.query('UPDATE agents SET live_version = $2, updated_at = now() WHERE id = $1', [agentId, version]);
}

async function readSnapshots(q: Queryable, agentId: string, version: number): Promise<SlotSnapshot[]> {
  const { rows } = await q.query(
    'SELECT snapshot FROM training_slots WHERE agent_id = $1 AND version = $2 ORDER BY position',
    [agentId, version],
  );
  return rows.map((r: Row) => normaliseSnapshot(fromJson<SlotSnapshot>(r.snapshot)));
}
