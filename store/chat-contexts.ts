import type { StoreContext } from './context.js';
import type { ChatContextValues, ExecutionStore } from './execution-types.js';

type ChatContextOperations = Pick<
  ExecutionStore,
  | 'getChatContext'
  | 'findChatContext'
  | 'mergeChatContext'
  | 'getChatInactivityTimeout'
  | 'addChatAlias'
  | 'resolveChat'
>;

export function chatContextOperations({ db }: StoreContext): ChatContextOperations {
  const find = async (chatId: string): Promise<ChatContextValues | undefined> => {
    const { rows } = await db.query<{ context: ChatContextValues }>(
      'SELECT context FROM chat_contexts WHERE chat_id = $1',
      [chatId],
    );
    return rows[0]?.context;
  };
  return {
    async getChatContext(chatId) {
      return (await find(chatId)) ?? {};
    },
    findChatContext: find,
    async mergeChatContext(chat, values, inactivityTimeoutSeconds) {
      // One statement: concurrent merges of one chat serialise on the row, none is lost.
      const { rows } = await db.query<{ context: ChatContextValues }>(
        `INSERT INTO chat_contexts (chat_id, channel_id, recipient, context, inactivity_timeout_seconds)
         VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (chat_id) DO UPDATE SET
           context = chat_contexts.context || EXCLUDED.context,
           inactivity_timeout_seconds =
             COALESCE(EXCLUDED.inactivity_timeout_seconds, chat_contexts.inactivity_timeout_seconds),
           updated_at = now()
         RETURNING context`,
        [
          chat.chatId,
          chat.channelId,
          chat.recipient,
          JSON.stringify(values),
          inactivityTimeoutSeconds ?? null,
        ],
      );
      return rows[0]?.context ?? values;
    },
    async getChatInactivityTimeout(chatId) {
      const { rows } = await db.query<{ inactivity_timeout_seconds: number | null }>(
        'SELECT inactivity_timeout_seconds FROM chat_contexts WHERE chat_id = $1',
        [chatId],
      );
      return rows[0]?.inactivity_timeout_seconds ?? undefined;
    },
    async addChatAlias(aliasChatId, targetChatId) {
      await db.query(
        `INSERT INTO chat_aliases (alias_chat_id, target_chat_id) VALUES ($1, $2)
         ON CONFLICT (alias_chat_id) DO UPDATE SET target_chat_id = EXCLUDED.target_chat_id`,
        [aliasChatId, targetChatId],
      );
    },
    async resolveChat(chatId) {
      const { rows } = await db.query<{ target_chat_id: string }>(
        'SELECT target_chat_id FROM chat_aliases WHERE alias_chat_id = $1',
        [chatId],
      );
      return rows[0]?.target_chat_id ?? chatId;
    },
  };
}
