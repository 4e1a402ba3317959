import type { StoreContext } from './context.js';
import { isUniqueViolation } from './context.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { isCompanyId, newId, SLUG, SLUG_MESSAGE } from './ids.js';
import { toAgent } from './rows.js';
import type { ControlPlane } from './types.js';
// Defined beside the chat workflow that applies it; the store only stores it per agent.
import { DEFAULT_INACTIVITY_TIMEOUT_SECONDS } from '../workflows/chat-state.js';

/** SPEC §1: a dialog closes after 15 minutes without activity unless the agent says otherwise. */
export { DEFAULT_INACTIVITY_TIMEOUT_SECONDS };

type AgentOperations = Pick<ControlPlane, 'createAgent' | 'getAgent' | 'listAgents' | 'updateAgent'>;

/** Agents own slots and trainings; their own settings reach tasks only through a training's snapshot. */
export function agentOperations({ db, logger }: StoreContext): AgentOperations {
  return {
    async createAgent({
      id = newId('agent'),
      companyId,
      inactivityTimeoutSeconds = DEFAULT_INACTIVITY_TIMEOUT_SECONDS,
    }) {
      if (!SLUG.test(id)) throw new ValidationError([{ field: 'id', message: SLUG_MESSAGE }]);
      checkTimeout(inactivityTimeoutSeconds);
      if (!isCompanyId(companyId)) throw new NotFoundError('Company');
      const company = await db.query('SELECT 1 FROM companies WHERE id = $1', [companyId]);
      if (company.rows.length === 0) throw new NotFoundError('Company');
      try {
        const { rows } = await db.query(
          `INSERT INTO agents (id, company_id, inactivity_timeout_seconds) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO NOTHING RETURNING *`,
          [id, companyId, inactivityTimeoutSeconds],
        );
        if (!rows[0]) throw new ConflictError(`Agent ${id} already exists`);
        logger.info('agent created', { agentId: id, companyId });
        return toAgent(rows[0]);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`Agent ${id} already exists`);
        throw error;
      }
    },
    async getAgent(id) {
      const { rows } = await db.query('SELECT * FROM agents WHERE id = $1', [id]);
      return rows[0] ? toAgent(rows[0]) : undefined;
    },
    async listAgents(companyId) {
      if (!isCompanyId(companyId)) throw new NotFoundError('Company');
      const company = await db.query('SELECT 1 FROM companies WHERE id = $1', [companyId]);
      if (company.rows.length === 0) throw new NotFoundError('Company');
      const { rows } = await db.query('SELECT * FROM agents WHERE company_id = $1 ORDER BY id', [companyId]);
      return rows.map(toAgent);
    },
    async updateAgent(id, patch) {
      if (patch.inactivityTimeoutSeconds !== undefined) checkTimeout(patch.inactivityTimeoutSeconds);
      const { rows } = await db.query(
        `UPDATE agents SET inactivity_timeout_seconds = COALESCE($2, inactivity_timeout_seconds), updated_at = now()
         WHERE id = $1 RETURNING *`,
        [id, patch.inactivityTimeoutSeconds ?? null],
      );
      if (!rows[0]) throw new NotFoundError('Agent');
      logger.info('agent updated', { agentId: id, inactivityTimeoutSeconds: patch.inactivityTimeoutSeconds });
      return toAgent(rows[0]);
    },
  };
}

function checkTimeout(seconds: number): void {
  if (!Number.isSafeInteger(seconds) || seconds < 1) {
    throw new ValidationError([
      { field: 'inactivity_timeout_seconds', message: 'Must be a positive integer' },
    ]);
  }
}
