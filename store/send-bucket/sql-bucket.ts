import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../driver/database.js';
import {
  pauseBucket,
  reserveSlot,
  slotInterval,
  type Admission,
  type BucketState,
  type SendBucket,
} from './rules.js';
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
    reserveSendSlot({ channelId, taskId, ratePerSecond, admit }) {
      return db.transaction(async (tx) => {
        const { state, nowMs, ticketMs } = await lockBucket(tx, channelId, taskId);
        const decision = reserveSlot(state, { nowMs, intervalMs: slotInterval(ratePerSecond), ticketMs });
        if (decision.nextAtMs !== state.nextAtMs)
          await tx.query('UPDATE send_pacing SET next_at = to_timestamp($2 / 1000.0) WHERE channel_id = $1', [
            channelId,
            decision.nextAtMs,
          ]);
        if (decision.ticketMs !== ticketMs) {
          if (ticketMs !== null)
            await tx.query('DELETE FROM send_pacing_tickets WHERE channel_id = $1 AND task_id = $2', [
              channelId,
              taskId,
            ]);
          if (decision.ticketMs !== null) await keepTicket(tx, channelId, taskId, decision.ticketMs);
        }
        const { reservation } = decision;
        if (!admit || reservation.kind !== 'go' || reservation.waitMs > 0) return reservation;
        // Due now: pass the gate under the same lock and clock, as admitSend would a moment later.
        const gate = await admitLocked(
          tx,
          { channelId, ratePerSecond, maxInFlightMs: admit.maxInFlightMs },
          state,
          nowMs,
        );
        return gate.kind === 'pass' ? { ...reservation, holdId: gate.holdId } : reservation;
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
    admitSend(request) {
      return db.transaction(async (tx) => {
        const { state, nowMs } = await lockBucket(tx, request.channelId);
        return admitLocked(tx, request, state, nowMs);
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
 * The gate's decision with the channel's row locked: expired places are dropped and the live ones
 * read in one statement (a fresh snapshot, taken after the lock: places other workers added while
 * this one waited are seen), and a place is taken if one is free.
 */
async function admitLocked(
  tx: Queryable,
  request: { channelId: string; ratePerSecond: number; maxInFlightMs: number },
  state: BucketState,
  nowMs: number,
): Promise<Admission> {
  const holds = holdsKey(request.channelId);
  const { rows } = await tx.query<{ until_ms: number }>(
    `WITH expired AS (
       DELETE FROM send_pacing_tickets WHERE channel_id = $1 AND slot_at <= to_timestamp($2 / 1000.0)
     )
     SELECT ${ms('slot_at')} AS until_ms FROM send_pacing_tickets
     WHERE channel_id = $1 AND slot_at > to_timestamp($2 / 1000.0)`,
    [holds, nowMs],
  );
  const until = rows.map((r) => Number(r.until_ms));
  const gate = admitSend(until, state.blockedUntilMs, nowMs, request.ratePerSecond);
  if (gate.kind === 'wait') return gate;
  const holdId = randomUUID();
  await tx.query(
    'INSERT INTO send_pacing_tickets (channel_id, task_id, slot_at) VALUES ($1, $2, to_timestamp($3 / 1000.0))',
    [holds, holdId, inFlightUntil(nowMs, request.maxInFlightMs)],
  );
  return { kind: 'pass', holdId };
}

/**
 * The gate's places live in the tickets table under a key no channel id can take (ids are slugs:
 * no `:`): `slot_at` is until when the place counts. So the gate needs no table of its own and its
 * few rows are read by primary key, apart from a long queue's tickets.
 */
function holdsKey(channelId: string): string {
  return `${channelId}:sending`;
}

/**
 * Creates the channel's row on first use, locks it until the transaction ends, and reads it — one
 * statement (issue 14: three before). The upsert's RETURNING is computed once the lock is held, so
 * its clock does not count the wait for the lock as spacing, and it sees the row as the last holder
 * left it. With `taskId`, the task's own ticket comes along: only this task's earlier reservations
 * (committed before) write it, so the statement's snapshot is recent enough for it.
 */
async function lockBucket(
  tx: Queryable,
  channelId: string,
  taskId?: string,
): Promise<{ state: BucketState; nowMs: number; ticketMs: number | null }> {
  const { rows } = await tx.query<{
    next_ms: number;
    blocked_ms: number | null;
    now_ms: number;
    ticket_ms: number | null;
  }>(
    `INSERT INTO send_pacing AS p (channel_id, next_at) VALUES ($1, clock_timestamp())
     ON CONFLICT (channel_id) DO UPDATE SET next_at = p.next_at
     RETURNING ${ms('p.next_at')} AS next_ms, ${ms('p.blocked_until')} AS blocked_ms,
       ${ms('clock_timestamp()')} AS now_ms,
       (SELECT ${ms('t.slot_at')} FROM send_pacing_tickets t WHERE t.channel_id = $1 AND t.task_id = $2) AS ticket_ms`,
    [channelId, taskId ?? null],
  );
  const row = rows[0];
  return {
    state: { nextAtMs: row?.next_ms ?? null, blockedUntilMs: row?.blocked_ms ?? null },
    nowMs: Number(row?.now_ms),
    ticketMs: row?.ticket_ms ?? null,
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
