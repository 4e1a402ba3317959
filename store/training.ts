import type { StoreContext } from './context.js';
import type { Queryable, Row } from './driver/database.js';
import { NotFoundError } from './errors.js';
import { fromJson, toAgent, toSettings } from './rows.js';
import { validateSlotSettings } from './slot-rules.js';
import { normaliseSnapshot, sameSnapshots, toSlotSnapshot } from './snapshot.js';
import type { ChannelKind, ControlPlane, FieldError, SlotSnapshot } from './types.js';

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
      const outcome = await db.transaction(async (tx) => {
        const { rows } = await tx.query('SELECT * FROM agents WHERE id = $1 FOR UPDATE', [agentId]);
        if (!rows[0]) throw new NotFoundError('Agent');
        const agent = toAgent(rows[0]);
        const version = await nextVersion(tx, agentId);
        const built = await buildSnapshots(
          ctx,
          tx,
          agent.id,
          agent.companyId,
          version,
          agent.inactivityTimeoutSeconds,
        );
        if ('errors' in built) {
          return { outcome: 'invalid' as const, errors: built.errors, liveVersion: agent.liveVersion };
        }
        if (onlyIfChanged && agent.liveVersion !== null) {
          const live = await readSnapshots(tx, agentId, agent.liveVersion);
          if (sameSnapshots(live, built.slots))
            return { outcome: 'unchanged' as const, version: agent.liveVersion };
        }
        await publish(tx, agentId, version, built.slots);
        return { outcome: 'trained' as const, version, slots: built.slots };
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

/** Every slot through the SPEC §2 rules against the channels that exist now, then into snapshots. */
async function buildSnapshots(
  ctx: StoreContext,
  tx: Queryable,
  agentId: string,
  companyId: number,
  version: number,
  inactivityTimeoutSeconds: number,
): Promise<{ slots: SlotSnapshot[] } | { errors: FieldError[] }> {
  const slots = await tx.query('SELECT * FROM slots WHERE agent_id = $1 ORDER BY created_at, id', [agentId]);
  const channels = await tx.query<{ id: string; kind: ChannelKind }>(
    'SELECT id, kind FROM channels WHERE company_id = $1',
    [companyId],
  );
  const kinds = new Map(channels.rows.map((c) => [c.id, c.kind]));
  const errors: FieldError[] = [];
  const snapshots: SlotSnapshot[] = [];
  for (const row of slots.rows) {
    const slotId = row.id as string;
    const settings = toSettings(row.settings);
    const slotErrors = validateSlotSettings(settings, {
      companyId,
      channelIds: new Set(kinds.keys()),
      checkExpression: ctx.checkExpression,
    });
    errors.push(...slotErrors.map((e) => ({ field: `slots.${slotId}.${e.field}`, message: e.message })));
    const kind = kinds.get(settings.destinationChannel.trim());
    if (slotErrors.length > 0 || kind === undefined) continue;
    const webhook = row.webhook as string;
    snapshots.push(
      toSlotSnapshot({
        companyId,
        agentId,
        trainingVersion: version,
        inactivityTimeoutSeconds,
        slotId,
        webhook,
        settings,
        channelKind: kind,
      }),
    );
  }
  errors.push(...(await webhooksLiveElsewhere(tx, agentId, snapshots)));
  return errors.length > 0 ? { errors } : { slots: snapshots };
}

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
