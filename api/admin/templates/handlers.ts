import type { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { CatalogReadError, type ChannelTemplates } from '../../../catalog/template-catalog.js';
import { NotFoundError } from '../../../store/index.js';
import type { AdminApiDeps } from '../deps.js';
import * as routes from './routes.js';
import { channelTemplatesView } from './view.js';

/** A channel's templates (issue 10): the stored copy, and a refresh from 360dialog. */
export function registerTemplateRoutes(app: OpenAPIHono, { store }: AdminApiDeps): void {
  app.openapi(routes.listTemplates, async (c) => {
    const list = await answer(() => store.templates.list(c.req.valid('param').channelId));
    return c.json(channelTemplatesView(list), 200);
  });

  app.openapi(routes.refreshTemplates, async (c) => {
    const list = await answer(() => store.templates.refresh(c.req.valid('param').channelId));
    return c.json(channelTemplatesView(list), 200);
  });
}

/** Unknown channel → 404; 360dialog could not give the list → 502 with its reason (never the key). */
async function answer(read: () => Promise<ChannelTemplates | undefined>): Promise<ChannelTemplates> {
  try {
    const list = await read();
    if (!list) throw new NotFoundError('Channel');
    return list;
  } catch (error) {
    if (error instanceof CatalogReadError) throw new HTTPException(502, { message: error.message });
    throw error;
  }
}
