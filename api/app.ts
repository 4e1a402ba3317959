import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { createAdminApi, type AdminApiDeps } from './admin/index.js';
import { registerDocs } from './docs.js';
import { defaultHook, errorHandler, notFoundHandler } from './errors.js';

/** Everything the HTTP app needs; grows as the intake and the callback endpoint join. */
export type AppDeps = AdminApiDeps;

/**
 * The service's HTTP app: `/admin/*` (bearer token), `/openapi.json` and `/docs`. Other surfaces (the
 * mailing-request intake, 360dialog callbacks) mount here too, so one OpenAPI document covers all.
 */
export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono<Env>({ defaultHook });
  app.onError(errorHandler(deps.logger));
  app.notFound(notFoundHandler);
  app.route('/admin', createAdminApi(deps));
  registerDocs(app);
  return app;
}
