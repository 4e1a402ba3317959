import type { StoreContext } from './context.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { isCompanyId, MAX_COMPANY_ID } from './ids.js';
import { toCompany } from './rows.js';
import type { Company, ControlPlane } from './types.js';

/** SPEC §1: a company's mailing-request rate limit defaults to 20 requests per second. */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 20;

type CompanyOperations = Pick<
  ControlPlane,
  'createCompany' | 'getCompany' | 'listCompanies' | 'updateCompany'
>;

export function companyOperations({ db, logger, cache }: StoreContext): CompanyOperations {
  const get = async (id: number): Promise<Company | undefined> => {
    if (!isCompanyId(id)) return undefined;
    const { rows } = await db.query('SELECT * FROM companies WHERE id = $1', [id]);
    return rows[0] ? toCompany(rows[0]) : undefined;
  };
  return {
    async createCompany({ id, rateLimitPerSecond = DEFAULT_RATE_LIMIT_PER_SECOND }) {
      if (!isCompanyId(id)) {
        throw new ValidationError([
          { field: 'id', message: `Must be an integer from 1 to ${MAX_COMPANY_ID}` },
        ]);
      }
      checkRate(rateLimitPerSecond);
      const { rows } = await db.query(
        `INSERT INTO companies (id, rate_limit_per_second) VALUES ($1, $2)
         ON CONFLICT (id) DO NOTHING RETURNING *`,
        [id, rateLimitPerSecond],
      );
      if (!rows[0]) throw new ConflictError(`Company ${id} already exists`);
      cache.clear(); // "Company not found" answers may be cached for this id
      logger.info('company created', { companyId: id, rateLimitPerSecond });
      return toCompany(rows[0]);
    },
    getCompany: get,
    async listCompanies() {
      const { rows } = await db.query('SELECT * FROM companies ORDER BY id');
      return rows.map(toCompany);
    },
    async updateCompany(id, patch) {
      if (!isCompanyId(id)) throw new NotFoundError('Company');
      if (patch.rateLimitPerSecond !== undefined) checkRate(patch.rateLimitPerSecond);
      const { rows } = await db.query(
        `UPDATE companies SET rate_limit_per_second = COALESCE($2, rate_limit_per_second), updated_at = now()
         WHERE id = $1 RETURNING *`,
        [id, patch.rateLimitPerSecond ?? null],
      );
      if (!rows[0]) throw new NotFoundError('Company');
      cache.clear(); // resolutions carry the rate limit
      logger.info('company updated', { companyId: id, rateLimitPerSecond: patch.rateLimitPerSecond });
      return toCompany(rows[0]);
    },
  };
}

function checkRate(value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError([{ field: 'rate_limit_per_second', message: 'Must be a positive integer' }]);
  }
}
