import type { OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '../../../store/index.js';
import type { AdminApiDeps } from '../deps.js';
import { channelView } from '../mapping.js';
import { CALLBACK_SECRET_HEADER, registerCallbacks } from './register-callbacks.js';
import * as routes from './routes.js';

/** Channels: a company's 360dialog connections. Nothing here returns or logs a key or secret. */
export function registerChannelRoutes(app: OpenAPIHono, deps: AdminApiDeps): void {
  const { store, publicBaseUrl } = deps;

  app.openapi(routes.createChannel, async (c) => {
    const { companyId } = c.req.valid('param');
    const input = c.req.valid('json');
    const { channel, generatedCallbackSecret } = await store.createChannel({
      id: input.id,
      companyId,
      kind: input.kind,
      baseUrl: input.base_url,
      apiKey: input.api_key,
      callbackSecret: input.callback_secret,
      active: input.active,
      sendRatePerSecond: input.send_rate_per_second,
    });
    const view = channelView(channel, publicBaseUrl);
    return c.json(
      generatedCallbackSecret === undefined ? view : { ...view, callback_secret: generatedCallbackSecret },
      201,
    );
  });

  app.openapi(routes.listChannels, async (c) => {
    const channels = await store.listChannels(c.req.valid('param').companyId);
    return c.json({ channels: channels.map((ch) => channelView(ch, publicBaseUrl)) }, 200);
  });

  app.openapi(routes.getChannel, async (c) => {
    const channel = await store.getChannel(c.req.valid('param').channelId);
    if (!channel) throw new NotFoundError('Channel');
    return c.json(channelView(channel, publicBaseUrl), 200);
  });

  app.openapi(routes.updateChannel, async (c) => {
    const input = c.req.valid('json');
    const channel = await store.updateChannel(c.req.valid('param').channelId, {
      kind: input.kind,
      baseUrl: input.base_url,
      apiKey: input.api_key,
      callbackSecret: input.callback_secret,
      active: input.active,
      sendRatePerSecond: input.send_rate_per_second,
    });
    return c.json(channelView(channel, publicBaseUrl), 200);
  });

  app.openapi(routes.deleteChannel, async (c) => {
    await store.deleteChannel(c.req.valid('param').channelId);
    return c.body(null, 204);
  });

  app.openapi(routes.registerChannelCallbacks, async (c) => {
    const { url } = await registerCallbacks(c.req.valid('param').channelId, {
      store,
      publicBaseUrl,
      logger: deps.logger,
      fetch: deps.fetch,
      timeoutMs: deps.registerCallbacksTimeoutMs,
    });
    return c.json({ status: 'Callbacks registered' as const, url, headers: [CALLBACK_SECRET_HEADER] }, 200);
  });
}
