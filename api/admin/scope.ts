import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NotFoundError, type AccessStore, type OwnedResource, type Principal } from '../../store/index.js';

/**
 * Company scoping of the admin API (issue 12). A company principal sees and changes only its own
 * company; everything else answers 404 exactly as a missing resource does, so another company's ids
 * cannot even be probed. The admin principal is never restricted.
 *
 * Two layers: `scopeGuard` checks every path of the form `/{companies|channels|agents|slots|tasks}/{id}/…`
 * before any handler runs, so a route added under one of those prefixes is scoped without code of its
 * own; `requireCompany`/`requireAdmin`/`visibleCompanyId` serve handlers that list or filter.
 */

/** The principal `adminAuth` set; admin when unset (apps built without the guard in unit tests). */
export function principalOf(c: Context): Principal {
  return c.get('principal') ?? { kind: 'admin' };
}

/** The company a listing must be restricted to; undefined for the admin (everything). */
export function visibleCompanyId(c: Context): number | undefined {
  const principal = principalOf(c);
  return principal.kind === 'company' ? principal.companyId : undefined;
}

/** 404 (as if it did not exist) unless the principal may see `companyId`. */
export function requireCompany(
  c: Context,
  companyId: number | undefined,
  entity: NotFoundError['entity'],
): void {
  const visible = visibleCompanyId(c);
  if (companyId === undefined || (visible !== undefined && visible !== companyId)) {
    throw new NotFoundError(entity);
  }
}

/** 403 for company principals: creating companies and managing tokens is the operator's job. */
export function requireAdmin(c: Context): void {
  if (principalOf(c).kind !== 'admin') {
    throw new HTTPException(403, { message: 'Only the admin token may do this' });
  }
}

const OWNED: Record<string, { resource: OwnedResource; entity: NotFoundError['entity'] }> = {
  channels: { resource: 'channel', entity: 'Channel' },
  agents: { resource: 'agent', entity: 'Agent' },
  slots: { resource: 'slot', entity: 'Slot' },
  tasks: { resource: 'task', entity: 'Task' },
};

/** First segment pair after the mount: `/admin/channels/wa-main/templates` → channels, wa-main. */
const SCOPED_PATH = /^(?:\/admin)?\/(companies|channels|agents|slots|tasks)\/([^/]+)/;

/** The path-based guard described above; one indexed primary-key lookup per company request. */
export function scopeGuard(access: Pick<AccessStore, 'ownerCompany'>): MiddlewareHandler {
  return async (c, next) => {
    const visible = visibleCompanyId(c);
    const match = visible === undefined ? null : SCOPED_PATH.exec(c.req.path);
    if (match) {
      const [, kind, rawId] = match as unknown as [string, string, string];
      const id = decodeURIComponent(rawId);
      if (kind === 'companies') {
        if (String(visible) !== id) throw new NotFoundError('Company');
      } else {
        const owned = OWNED[kind]!;
        requireCompany(c, await access.ownerCompany(owned.resource, id), owned.entity);
      }
    }
    await next();
  };
}
