import { createHash, randomBytes } from 'node:crypto';
import type { StoreContext } from './context.js';
import { NotFoundError, ValidationError } from './errors.js';
import { isCompanyId } from './ids.js';

/**
 * Company-scoped admin access (issue 12): tokens that see one company only, console sessions, and
 * the "which company owns this resource" question the admin API's scope guard asks. Only SHA-256
 * hashes of tokens and session ids are stored; the secret is shown once, at creation.
 */

export type CompanyRole = 'editor' | 'viewer';

/** A company token as it may be listed: never the token or its hash. */
export interface CompanyToken {
  id: string;
  companyId: number;
  role: CompanyRole;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Who a bearer token or a session cookie speaks for. */
export type Principal =
  { kind: 'admin' } | { kind: 'company'; companyId: number; role: CompanyRole; tokenId: string };

/** The resources the admin API addresses by id; each belongs to exactly one company. */
export type OwnedResource = 'channel' | 'agent' | 'slot' | 'task';

export interface AccessStore {
  createCompanyToken(input: { companyId: number; role: CompanyRole; label?: string }): Promise<{
    token: string;
    record: CompanyToken;
  }>;
  listCompanyTokens(companyId: number): Promise<CompanyToken[]>;
  revokeCompanyToken(companyId: number, tokenId: string): Promise<void>;
  /** The live (not revoked) token with this value, as a principal; undefined otherwise. */
  companyPrincipal(token: string): Promise<Principal | undefined>;
  /** A new session for `principal`; returns the session id (the cookie value), stored only hashed. */
  createSession(principal: Principal, adminToken: string, ttlMs: number): Promise<string>;
  /** The principal of a live session; undefined when unknown, expired, revoked or its token revoked. */
  sessionPrincipal(sessionId: string, adminToken: string): Promise<Principal | undefined>;
  revokeSession(sessionId: string): Promise<void>;
  /** The company that owns a channel, agent, slot or task; undefined when there is none. */
  ownerCompany(resource: OwnedResource, id: string): Promise<number | undefined>;
}

/** Token values: a recognisable prefix (secret scanners, logs redaction) and 256 random bits. */
const TOKEN_PREFIX = 'wnc_';
const LABEL_MAX = 80;
const ROLES = new Set<string>(['editor', 'viewer']);

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

const OWNER_SQL: Record<OwnedResource, string> = {
  channel: 'SELECT company_id FROM channels WHERE id = $1',
  agent: 'SELECT company_id FROM agents WHERE id = $1',
  slot: 'SELECT company_id FROM slots WHERE id = $1',
  task: 'SELECT company_id FROM tasks WHERE task_id = $1',
};

export function accessOperations({ db, logger }: StoreContext): AccessStore {
  return {
    async createCompanyToken({ companyId, role, label = '' }) {
      checkToken(role, label);
      if (!isCompanyId(companyId)) throw new NotFoundError('Company');
      const { rows: found } = await db.query('SELECT 1 FROM companies WHERE id = $1', [companyId]);
      if (!found[0]) throw new NotFoundError('Company');
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const id = `tok-${randomBytes(6).toString('hex')}`;
      const { rows } = await db.query(
        `INSERT INTO company_tokens (id, company_id, role, token_hash, label) VALUES ($1, $2, $3, $4, $5)
         RETURNING *`,
        [id, companyId, role, sha256Hex(token), label.trim()],
      );
      logger.info('company token created', { companyId, tokenId: id, role });
      return { token, record: toToken(rows[0]!) };
    },
    async listCompanyTokens(companyId) {
      if (!isCompanyId(companyId)) return [];
      const { rows } = await db.query(
        'SELECT * FROM company_tokens WHERE company_id = $1 ORDER BY created_at, id',
        [companyId],
      );
      return rows.map(toToken);
    },
    async revokeCompanyToken(companyId, tokenId) {
      const { rows } = await db.query(
        `UPDATE company_tokens SET revoked_at = COALESCE(revoked_at, now())
         WHERE id = $1 AND company_id = $2 RETURNING id`,
        [tokenId, isCompanyId(companyId) ? companyId : 0],
      );
      if (!rows[0]) throw new NotFoundError('Token');
      logger.info('company token revoked', { companyId, tokenId });
    },
    async companyPrincipal(token) {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const { rows } = await db.query(
        'SELECT id, company_id, role FROM company_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
        [sha256Hex(token)],
      );
      const row = rows[0];
      return row
        ? {
            kind: 'company',
            companyId: Number(row.company_id),
            role: row.role as CompanyRole,
            tokenId: String(row.id),
          }
        : undefined;
    },
    async createSession(principal, adminToken, ttlMs) {
      const sessionId = randomBytes(32).toString('base64url');
      await db.query(
        `INSERT INTO console_sessions (id_hash, token_id, admin_token_hash, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
        [
          sha256Hex(sessionId),
          principal.kind === 'company' ? principal.tokenId : null,
          principal.kind === 'admin' ? sha256Hex(adminToken) : null,
          ttlMs / 1000,
        ],
      );
      return sessionId;
    },
    async sessionPrincipal(sessionId, adminToken) {
      const { rows } = await db.query(
        `SELECT s.token_id, s.admin_token_hash, t.company_id, t.role
           FROM console_sessions s LEFT JOIN company_tokens t ON t.id = s.token_id
          WHERE s.id_hash = $1 AND NOT s.revoked AND s.expires_at > now()
            AND (s.token_id IS NULL OR t.revoked_at IS NULL)`,
        [sha256Hex(sessionId)],
      );
      const row = rows[0];
      if (!row) return undefined;
      if (row.token_id === null) {
        return row.admin_token_hash === sha256Hex(adminToken) ? { kind: 'admin' } : undefined;
      }
      return {
        kind: 'company',
        companyId: Number(row.company_id),
        role: row.role as CompanyRole,
        tokenId: row.token_id as string,
      };
    },
    async revokeSession(sessionId) {
      await db.query('UPDATE console_sessions SET revoked = true WHERE id_hash = $1', [sha256Hex(sessionId)]);
    },
    async ownerCompany(resource, id) {
      const { rows } = await db.query(OWNER_SQL[resource], [id]);
      return rows[0] ? Number(rows[0].company_id) : undefined;
    },
  };
}

function checkToken(role: string, label: string): void {
  const errors = [];
  if (!ROLES.has(role)) errors.push({ field: 'role', message: 'Must be editor or viewer' });
  if (label.length > LABEL_MAX)
    errors.push({ field: 'label', message: `Must be at most ${LABEL_MAX} characters` });
  if (errors.length > 0) throw new ValidationError(errors);
}

function toToken(r: Record<string, unknown>): CompanyToken {
  return {
    id: String(r.id),
    companyId: Number(r.company_id),
    role: r.role as CompanyRole,
    label: String(r.label),
    createdAt: r.created_at as Date,
    revokedAt: (r.revoked_at as Date | null) ?? null,
  };
}
