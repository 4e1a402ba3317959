import { Hono } from 'hono';
import { createSessionRoutes, type SessionRoutesDeps } from './session.js';
import { createConsoleStatic } from './static.js';

/**
 * The slot console (issue 12): the built browser app at `/console` and its sign-in at
 * `/console/session`. Everything else the console does goes through `/admin`, the same API and
 * validation curl uses; there is no second code path.
 */
export function createConsoleRoutes(deps: SessionRoutesDeps & { distDir?: string }): Hono {
  const app = new Hono();
  app.route('/', createSessionRoutes(deps));
  app.route('/', createConsoleStatic(deps.distDir));
  return app;
}
