import type { StoreContext } from './context.js';
import { isUniqueViolation } from './context.js';
import type { Queryable, Row } from './driver/database.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { newId, newWebhook, SLUG, SLUG_MESSAGE, webhookCompanyId } from './ids.js';
import { toSettings } from './rows.js';
import { validateSlotSettings } from './slot-rules.js';
import type { ControlPlane, FieldError, Slot, SlotSettings } from './types.js';

type SlotOperations = Pick<
  ControlPlane,
  'createSlot' | 'getSlot' | 'listSlots' | 'updateSlot' | 'deleteSlot' | 'regenerateWebhook'
>;

/** A draft slot with the webhook its agent's live training serves for it (null = not live). */
const SELECT_SLOT = `
  SELECT s.*, ts.webhook AS live_webhook
  FROM slots s
  JOIN agents a ON a.id = s.agent_id
  LEFT JOIN training_slots ts ON ts.agent_id = s.agent_id AND ts.version = a.live_version AND ts.slot_id = s.id`;

/**
 * Draft slots. Every save runs the SPEC §2 rules first and writes nothing when one fails. Nothing
 * here touches what is live: deleting a slot or replacing its webhook takes effect at the next
 * training, which is why the lookup cache is left alone.
 */
export function slotOperations(ctx: StoreContext): SlotOperations {
  const { db, logger } = ctx;
  const get = async (id: string): Promise<Slot | undefined> => {
    const { rows } = await db.query(`${SELECT_SLOT} WHERE s.id = $1`, [id]);
    return rows[0] ? toSlot(rows[0]) : undefined;
  };
  const mustGet = async (id: string): Promise<Slot> => {
    const slot = await get(id);
    if (!slot) throw new NotFoundError('Slot');
    return slot;
  };

  return {
    async createSlot({ id = newId('slot'), agentId, webhook, settings }) {
      const { rows } = await db.query('SELECT company_id FROM agents WHERE id = $1', [agentId]);
      if (!rows[0]) throw new NotFoundError('Agent');
      const companyId = Number(rows[0].company_id);
      const errors = SLUG.test(id) ? [] : [{ field: 'id', message: SLUG_MESSAGE }];
      errors.push(
        ...checkPinnedWebhook(webhook, companyId),
        ...(await rulesFor(ctx, db, companyId, settings)),
      );
      if (errors.length > 0) throw new ValidationError(errors);
      await saveUnique(`Slot ${id} already exists`, () =>
        db.query(
          `INSERT INTO slots (id, agent_id, company_id, webhook, settings) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [id, agentId, companyId, webhook ?? newWebhook(companyId), JSON.stringify(settings)],
        ),
      );
      logger.info('slot created', { slotId: id, agentId, companyId });
      return mustGet(id);
    },
    getSlot: get,
    async listSlots(agentId) {
      const agent = await db.query('SELECT 1 FROM agents WHERE id = $1', [agentId]);
      if (agent.rows.length === 0) throw new NotFoundError('Agent');
      const { rows } = await db.query(`${SELECT_SLOT} WHERE s.agent_id = $1 ORDER BY s.created_at, s.id`, [
        agentId,
      ]);
      return rows.map(toSlot);
    },
    async updateSlot(id, settings) {
      const slot = await mustGet(id);
      const errors = await rulesFor(ctx, db, slot.companyId, settings);
      if (errors.length > 0) throw new ValidationError(errors);
      await db.query('UPDATE slots SET settings = $2, updated_at = now() WHERE id = $1', [
        id,
        JSON.stringify(settings),
      ]);
      logger.info('slot updated', { slotId: id, agentId: slot.agentId });
      return mustGet(id);
    },
    async deleteSlot(id) {
      const { rowCount } = await db.query('DELETE FROM slots WHERE id = $1', [id]);
      if (rowCount === 0) throw new NotFoundError('Slot');
      logger.info('slot deleted', { slotId: id });
    },
    async regenerateWebhook(id, pinned) {
      const slot = await mustGet(id);
      const errors = checkPinnedWebhook(pinned, slot.companyId);
      if (errors.length > 0) throw new ValidationError(errors);
      await saveUnique('Webhook already used by another slot', () =>
        db.query('UPDATE slots SET webhook = $2, updated_at = now() WHERE id = $1 RETURNING id', [
          id,
          pinned ?? newWebhook(slot.companyId),
        ]),
      );
      logger.info('slot webhook replaced', { slotId: id, agentId: slot.agentId });
      return mustGet(id);
    },
  };
}

/** The SPEC §2 rules against the company's channels as they are now. */
export async function rulesFor(
  ctx: StoreContext,
  q: Queryable,
  companyId: number,
  settings: SlotSettings,
): Promise<FieldError[]> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM channels WHERE company_id = $1', [
    companyId,
  ]);
  return validateSlotSettings(settings, {
    companyId,
    channelIds: new Set(rows.map((r) => r.id)),
    checkExpression: ctx.checkExpression,
  });
}

function checkPinnedWebhook(webhook: string | undefined, companyId: number): FieldError[] {
  if (webhook === undefined || webhookCompanyId(webhook) === companyId) return [];
  return [{ field: 'webhook', message: `Must be ${companyId}:: followed by 32 lowercase hex digits` }];
}

/** Runs an insert/update that must return a row; a taken id or webhook becomes a 409. */
async function saveUnique(conflict: string, run: () => Promise<{ rows: Row[] }>): Promise<void> {
  try {
    const { rows } = await run();
    if (rows.length === 0) throw new ConflictError(conflict);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const constraint = (error as { constraint?: string }).constraint ?? '';
      throw new ConflictError(
        constraint.includes('webhook') ? 'Webhook already used by another slot' : conflict,
      );
    }
    throw error;
  }
}

function toSlot(r: Row): Slot {
  return {
    id: r.id as string,
    agentId: r.agent_id as string,
    companyId: Number(r.company_id),
    settings: toSettings(r.settings),
    webhook: r.webhook as string,
    liveWebhook: (r.live_webhook as string | null) ?? null,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}
