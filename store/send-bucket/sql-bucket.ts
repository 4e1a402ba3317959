import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../driver/database.js';
import { pauseBucket, reserveSlot, slotInterval, type BucketState, type SendBucket } from './rules.js';
import { admitSend, inFlightUntil, RATE_WINDOW_MS } from './send-gate.js';

/** Epoch milliseconds as float8 (numeric would come back as a string from `pg`). */
const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/**
 * The send bucket every worker shares: one `send_pacing` row per channel, locked for the few
 * statements of a reservation, and the database's clock (taken after the lock is held) as the only
 * clock. PostgreSQL serialises workers in several processes; PGlite serves the single-process case.
 */
export function createSqlSendBucket(db: Database): SendBucket {
  return {
    reserveSendSlot({ channelId, taskId, ratePerSecond }) {
      return db.transaction(async (tx) => {
        const { state, nowMs } = await lockBucket(tx, channelId);
        const ticket = await tx.query<{ slot_ms: number }>(
          `SELECT ${ms('slot_at')} AS slot_ms FROM send_pacing_tickets WHERE channel_id = $1 AND task_id = $2`,
          [channelId, taskId],
        );
        const ticketMs = ticket.rows[0]?.slot_ms ?? null;
        const decision = reserveSlot(state, { nowMs, intervalMs: slotInterval(ratePerSecond), ticketMs });
        await tx.query('UPDATE send_pacing SET next_at = to_timestamp($2 / 1000.0) WHERE channel_id = $1', [
          channelId,
          decision.nextAtMs,
        ]);
        if (decision.ticketMs === ticketMs) return decision.reservation;
        if (ticketMs !== null)
          await tx.query('DELETE FROM send_pacing_tickets WHERE channel_id = $1 AND task_id = $2', [
            channelId,
            taskId,
          ]);
        if (decision.ticketMs !== null) await keepTicket(tx, channelId, taskId, decision.ticketMs);
        return decision.reservation;
      });
    },
    pauseChannel(channelId, pauseMs) {
      return db.transaction(async (tx) => {
        const { state, nowMs } = await lockBucket(tx, channelId);
        const paused = pauseBucket(state, nowMs, pauseMs);
        await tx.query(
          `UPDATE send_pacing SET next_at = to_timestamp($2 / 1000.0), blocked_until = to_timestamp($3 / 1000.0)
           WHERE channel_id = $1`,
          [channelId, paused.nextAtMs, paused.blockedUntilMs],
        );
      });
    },
    admitSend({ channelId, ratePerSecond, maxInFlightMs }) {
      return db.transaction(async (tx) => {
        const { state, nowMs } = await lockBucket(tx, channelId);
        const holds = holdsKey(channelId);
        await tx.query(
          'DELETE FROM send_pacing_tickets WHERE channel_id = $1 AND slot_at <= to_timestamp($2 / 1000.0)',
          [holds, nowMs],
        );
        const { rows } = await tx.query<{ until_ms: number }>(
          `SELECT ${ms('slot_at')} AS until_ms FROM send_pacing_tickets WHERE channel_id = $1`,
          [holds],
        );
        const until = rows.map((r) => Number(r.until_ms));
        const gate = admitSend(until, state.blockedUntilMs, nowMs, ratePerSecond);
        if (gate.kind === 'wait') return gate;
        const holdId = randomUUID();
        await tx.query(
          'INSERT INTO send_pacing_tickets (channel_id, task_id, slot_at) VALUES ($1, $2, to_timestamp($3 / 1000.0))',
          [holds, holdId, inFlightUntil(nowMs, maxInFlightMs)],
        );
        return { kind: 'pass', holdId };
      });
    },
    async sendAnswered(channelId, holdId) {
      // The database's clock when the answer is recorded: never earlier than the send's arrival.
      await db.query(
        `UPDATE send_pacing_tickets SET slot_at = clock_timestamp() + make_interval(secs => $3 / 1000.0)
         WHERE channel_id = $1 AND task_id = $2`,
        [holdsKey(channelId), holdId, RATE_WINDOW_MS],
      );
    },
  };
}

/**
 * The gate's places live in the tickets table under a key no channel id can take (ids are slugs:
 * no `:`): `slot_at` is until when the place counts. So the gate needs no table of its own and its
 * few rows are read by primary key, apart from a long queue's tickets.
 */
function holdsKey(channelId: string): string {
  return `${channelId}:sending`;
}

/** Creates the channel's row on first use and holds its lock until the transaction ends. */
async function lockBucket(tx: Queryable, channelId: string): Promise<{ state: BucketState; nowMs: number }> {
  await tx.query(
    'INSERT INTO send_pacing (channel_id, next_at) VALUES ($1, clock_timestamp()) ON CONFLICT (channel_id) DO NOTHING',
    [channelId],
  );
  const { rows } = await tx.query<{ next_ms: number; blocked_ms: number | null; now_ms: number }>(
    `SELECT ${ms('next_at')} AS next_ms, ${ms('blocked_until')} AS blocked_ms FROM send_pacing
     WHERE channel_id = $1 FOR UPDATE`,
    [channelId],
  );
  // The clock is read after the lock is granted: time spent waiting for it must not count as spacing.
  const clock = await tx.query<{ now_ms: number }>(`SELECT ${ms('clock_timestamp()')} AS now_ms`);
  const row = rows[0];
  return {
    state: { nextAtMs: row?.next_ms ?? null, blockedUntilMs: row?.blocked_ms ?? null },
    nowMs: Number(clock.rows[0]?.now_ms),
  };
}

/** Stores the task's slot; tickets of tasks that never came back (cancelled, failed) are swept after a day. */
async function keepTicket(tx: Queryable, channelId: string, taskId: string, slotMs: number): Promise<void> {
  await tx.query(
    `DELETE FROM send_pacing_tickets WHERE channel_id = $1 AND slot_at < clock_timestamp() - interval '1 day'`,
    [channelId],
  );
  await tx.query(
    `INSERT INTO send_pacing_tickets (channel_id, task_id, slot_at) VALUES ($1, $2, to_timestamp($3 / 1000.0))`,
    [channelId, taskId, slotMs],
  );
}
