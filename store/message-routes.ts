import type { ChannelEvent } from '../workflows/channel-events.js';
import type { StoreContext } from './context.js';
import type { ExecutionStore } from './execution-types.js';

type MessageRouteOperations = Pick<ExecutionStore, 'routeMessage' | 'routeStatus' | 'messageTask'>;

/** Early events kept per message at most: a flood for one message id cannot grow a row forever. */
export const MAX_EARLY_EVENTS = 50;

/**
 * Both writes are single upserts on the same row, so whichever of "send recorded" and "status
 * arrived" comes second sees the first (the row lock orders them): no status is lost.
 */
export function messageRouteOperations({ db }: StoreContext): MessageRouteOperations {
  return {
    async routeMessage(channelId, messageId, taskId) {
      const { rows } = await db.query<{ early_events: ChannelEvent[] }>(
        `INSERT INTO message_routes (channel_id, message_id, task_id) VALUES ($1, $2, $3)
         ON CONFLICT (channel_id, message_id) DO UPDATE SET task_id = EXCLUDED.task_id
         RETURNING early_events`,
        [channelId, messageId, taskId],
      );
      return rows[0]?.early_events ?? [];
    },
    async routeStatus(channelId, messageId, event) {
      const { rows } = await db.query<{ task_id: string | null }>(
        `INSERT INTO message_routes (channel_id, message_id, early_events)
         VALUES ($1, $2, jsonb_build_array($3::jsonb))
         ON CONFLICT (channel_id, message_id) DO UPDATE SET early_events = CASE
           WHEN message_routes.task_id IS NULL AND jsonb_array_length(message_routes.early_events) < $4
           THEN message_routes.early_events || EXCLUDED.early_events
           ELSE message_routes.early_events END
         RETURNING task_id`,
        [channelId, messageId, JSON.stringify(event), MAX_EARLY_EVENTS],
      );
      return rows[0]?.task_id ?? undefined;
    },
    async messageTask(channelId, messageId) {
      const { rows } = await db.query<{ task_id: string | null }>(
        'SELECT task_id FROM message_routes WHERE channel_id = $1 AND message_id = $2',
        [channelId, messageId],
      );
      return rows[0]?.task_id ?? undefined;
    },
  };
}
