import type { OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '../../../store/index.js';
import type { AdminApiDeps } from '../deps.js';
import { companyView } from '../mapping.js';
import { requireAdmin, visibleCompanyId } from '../scope.js';
import * as routes from './routes.js';

/**
 * Companies: the tenants; their rate limit is read by the intake through the lookup. A company token
 * lists only its own company and cannot create one; `scopeGuard` covers `/companies/{id}`.
 */
export function registerCompanyRoutes(app: OpenAPIHono, { store }: AdminApiDeps): void {
  app.openapi(routes.createCompany, async (c) => {
    requireAdmin(c);
    const input = c.req.valid('json');
    const company = await store.createCompany({
      id: input.id,
      rateLimitPerSecond: input.rate_limit_per_second,
    });
    return c.json(companyView(company), 201);
  });

  app.openapi(routes.listCompanies, async (c) => {
    const visible = visibleCompanyId(c);
    const companies = (await store.listCompanies()).filter(
      (co) => visible === undefined || co.id === visible,
    );
    return c.json({ companies: companies.map(companyView) }, 200);
  });

  app.openapi(routes.getCompany, async (c) => {
    const company = await store.getCompany(c.req.valid('param').companyId);
    if (!company) throw new NotFoundError('Company');
    return c.json(companyView(company), 200);
  });

  app.openapi(routes.updateCompany, async (c) => {
    const { companyId } = c.req.valid('param');
    const patch = c.req.valid('json');
    const company = await store.updateCompany(companyId, { rateLimitPerSecond: patch.rate_limit_per_second });
    return c.json(companyView(company), 200);
  });
}
