import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { Metrics } from '../lib/metrics.js';
import { createAdminApi, type AdminApiDeps } from './admin/index.js';
import { createConsoleRoutes } from './console/index.js';
import { registerDocs } from './docs.js';
import { defaultHook, errorHandler, notFoundHandler } from './errors.js';

/** Everything the HTTP app needs; grows as the intake and the callback endpoint join. */
export type AppDeps = AdminApiDeps & { metrics?: Metrics };

/**
 * The service's HTTP app: `/admin/*` (bearer token), `/openapi.json` and `/docs`. Other surfaces (the
 * mailing-request intake, 360dialog callbacks) mount here too, so one OpenAPI document covers all.
 */
export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono<Env>({ defaultHook });
  // Every response carries X-Request-Id (the caller's, or a new one); log lines of the request too.
  app.use('*', requestId());
  const { metrics } = deps;
  if (metrics) {
    // First, so it wraps every route. Route patterns, not raw paths, as labels: webhooks and task
    // ids would explode the number of series.
    app.use('*', async (c: Context, next) => {
      await next();
      metrics.httpRequests.inc({
        method: c.req.method,
        route: routePath(c, -1),
        status: String(c.res.status),
      });
    });
  }
  app.onError(errorHandler(deps.logger));
  app.notFound(notFoundHandler);
  app.route('/admin', createAdminApi(deps));
  app.route('/', createConsoleRoutes(deps));
  registerDocs(app);
  return app;
}
