/**
 * `POST /channels/{channelId}/callbacks` (SPEC section 5): 360dialog's statuses and inbound
 * messages. The per-channel secret header is checked in constant time; the events are handed to
 * the chats' workflows (signal-with-start: a status or a message may reach a chat before any task
 * does) and only then answered 200, within 360dialog's 5 s.
 */
import { Hono } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import type { Client } from '@temporalio/client';
import { constantTimeEquals } from '../../lib/constant-time.js';
import type { Logger } from '../../lib/logger.js';
import type { Metrics } from '../../lib/metrics.js';
import type { ChannelEvent } from '../../workflows/channel-events.js';
import type { chatWorkflow } from '../../workflows/chat-workflow.js';
import { chatWorkflowId } from '../../workflows/ids.js';
import { channelEventsSignal } from '../../workflows/messages.js';
import { parseCallback } from './parse-callback.js';
import { readCallbackBody } from './read-callback-body.js';

/** The header the service registers with 360dialog (hyphens only: Cloud rejects `_`). */
export const CALLBACK_SECRET_HEADER = 'X-Callback-Secret';

export interface CallbackDeps {
  channels: { getChannelSecrets(channelId: string): Promise<{ callbackSecret: string } | undefined> };
  client: Client;
  taskQueue: string;
  logger: Logger;
  /** Leaves room inside 360dialog's 5 s for the network. */
  handOffTimeoutMs?: number;
  metrics?: Metrics;
}

export function createCallbackRoutes(deps: CallbackDeps): Hono<{ Variables: Partial<RequestIdVariables> }> {
  const app = new Hono<{ Variables: Partial<RequestIdVariables> }>();
  app.post('/channels/:channelId/callbacks', async (c) => {
    const channelId = c.req.param('channelId');
    const channel = await deps.channels.getChannelSecrets(channelId);
    if (!channel) return c.json({ status: 'Channel not found' }, 404);
    const secret = c.req.header(CALLBACK_SECRET_HEADER) ?? '';
    if (!constantTimeEquals(secret, channel.callbackSecret)) return c.json({ status: 'Unauthorized' }, 401);
    const read = await readCallbackBody(c.req.raw);
    if ('rejection' in read) return c.json({ status: read.rejection.status }, read.rejection.http);
    const { byRecipient, skipped } = parseCallback(read.body);
    const log = deps.logger.child({ requestId: c.var.requestId, channelId });
    if (skipped > 0) log.warn('callback entries without id or recipient skipped', { skipped });
    try {
      await deps.client.withDeadline(Date.now() + (deps.handOffTimeoutMs ?? 4000), () =>
        Promise.all(
          [...byRecipient].map(([recipient, events]) => handOff(deps, channelId, recipient, events)),
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

function handOff(deps: CallbackDeps, channelId: string, recipient: string, events: ChannelEvent[]) {
  return deps.client.workflow.signalWithStart<typeof chatWorkflow, [ChannelEvent[]]>('chatWorkflow', {
    workflowId: chatWorkflowId(channelId, recipient),
    taskQueue: deps.taskQueue,
    args: [{ channelId, recipient }],
    signal: channelEventsSignal,
    signalArgs: [events],
  });
}
