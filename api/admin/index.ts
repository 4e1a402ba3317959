import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { adminAuth } from '../auth.js';
import { defaultHook, errorHandler, notFoundHandler } from '../errors.js';
import { registerAgentRoutes } from './agents/handlers.js';
import { registerChannelRoutes } from './channels/handlers.js';
import { registerChatRoutes } from './chats/handlers.js';
import { registerCompanyRoutes } from './companies/handlers.js';
import type { AdminApiDeps } from './deps.js';
import { rejectNulCharacters } from './nul-guard.js';
import { documentCommonAnswers } from './openapi.js';
import { registerPreviewRoute } from './slots/preview-handler.js';
import { registerSlotRoutes } from './slots/handlers.js';
import { registerTemplateRoutes } from './templates/handlers.js';
import { scopeGuard } from './scope.js';
import { registerTaskRoutes } from './tasks/handlers.js';
import { registerTokenRoutes } from './tokens/handlers.js';

export type { AdminApiDeps } from './deps.js';

/**
 * The admin API (SPEC §7), to be mounted at `/admin`: companies, channels, agents, slots, training.
 * Every route needs the bearer token (or a console session), unknown ones included, so the API's
 * shape is not probeable. A company token sees only its company (`scope.ts`).
 */
export function createAdminApi(deps: AdminApiDeps): OpenAPIHono {
  const app = new OpenAPIHono<Env>({ defaultHook });
  const log = deps.logger.child({ component: 'admin-api' });
  app.onError(errorHandler(log));
  app.notFound(notFoundHandler);
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    log.info('admin request', {
      requestId: c.res.headers.get('X-Request-Id') ?? undefined,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  // Admin token, company token or console session; then company scoping (api/admin/scope.ts).
  app.use('*', adminAuth({ adminToken: deps.adminToken, access: deps.store }));
  app.use('*', scopeGuard(deps.store));
  app.use('*', rejectNulCharacters);
  registerCompanyRoutes(app, deps);
  registerChannelRoutes(app, deps);
  registerAgentRoutes(app, deps);
  registerSlotRoutes(app, deps);
  registerTemplateRoutes(app, deps);
  registerPreviewRoute(app, deps);
  registerChatRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerTaskRoutes(app, deps);
  documentCommonAnswers(app);
  return app;
}
