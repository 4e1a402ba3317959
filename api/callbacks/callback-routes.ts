/**
 * `POST /channels/{channelId}/callbacks` (SPEC section 5): 360dialog's statuses and inbound
 * messages. The per-channel secret header is checked in constant time; each event is routed
 * (event-routing.ts: statuses straight to their task, messages to the chat entity and the tasks
 * they answer) and only once all are durably handed over is the answer 200, within 360dialog's 5 s.
 */
import { Hono } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import type { Client } from '@temporalio/client';
import { constantTimeEquals } from '../../lib/constant-time.js';
import type { Logger } from '../../lib/logger.js';
import type { Metrics } from '../../lib/metrics.js';
import { DecidedTasks } from './decided-tasks.js';
import { routeEvent, type RoutingStore } from './event-routing.js';
import { parseCallback } from './parse-callback.js';
import { readCallbackBody } from './read-callback-body.js';

import { CALLBACK_SECRET_HEADER } from './callback-secret.js';

export { CALLBACK_SECRET_HEADER };

export interface CallbackDeps {
  channels: { getChannelSecrets(channelId: string): Promise<{ callbackSecret: string } | undefined> };
  store: RoutingStore;
  client: Client;
  taskQueue: string;
  logger: Logger;
  /** CHAT_IDLE_SECONDS for chat entities started by inbound messages. */
  chatIdleSeconds?: number;
  /** Serve the previous version's chat workflows too (default true); see event-routing.ts. */
  legacyChats?: boolean;
  /** Leaves room inside 360dialog's 5 s for the network. */
  handOffTimeoutMs?: number;
  metrics?: Metrics;
}

export function createCallbackRoutes(given: CallbackDeps): Hono<{ Variables: Partial<RequestIdVariables> }> {
  const deps = { ...given, decided: new DecidedTasks() };
  const app = new Hono<{ Variables: Partial<RequestIdVariables> }>();
  app.post('/channels/:channelId/callbacks', async (c) => {
    const channelId = c.req.param('channelId');
    const channel = await deps.channels.getChannelSecrets(channelId);
    if (!channel) return c.json({ status: 'Channel not found' }, 404);
    const secret = c.req.header(CALLBACK_SECRET_HEADER) ?? '';
    if (!constantTimeEquals(secret, channel.callbackSecret)) return c.json({ status: 'Unauthorized' }, 401);
    const read = await readCallbackBody(c);
    if ('rejection' in read) return c.json({ status: read.rejection.status }, read.rejection.http);
    const { byRecipient, skipped } = parseCallback(read.body);
    const log = deps.logger.child({ requestId: c.var.requestId, channelId });
    if (skipped > 0) log.warn('callback entries without id or recipient skipped', { skipped });
    try {
      // Recipients in parallel; one recipient's events in order (the first decisive one wins).
      await deps.client.withDeadline(Date.now() + (deps.handOffTimeoutMs ?? 4000), () =>
        Promise.all(
          [...byRecipient.values()].map(async (events) => {
            for (const event of events) await routeEvent(deps, channelId, event);
          }),
        ),
      );
    } catch (err) {
      // Not 200: 360dialog retries the delivery later, so nothing is lost.
      log.error('callback not handed to Temporal', { err });
      return c.json({ status: 'Service unavailable' }, 503);
    }
    log.info('callback handed off', { recipients: byRecipient.size });
    for (const event of [...byRecipient.values()].flat()) {
      deps.metrics?.callbackEvents.inc({
        kind: event.kind,
        status: event.kind === 'status' ? event.status : 'message',
      });
    }
    return c.json({ status: 'ok' }, 200);
  });
  return app;
}
