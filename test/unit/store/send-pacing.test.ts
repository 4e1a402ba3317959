/**
 * Send pacing in the store, on both engines: the channel's `send_rate_per_second` (defaults per kind,
 * validation) and the shared send bucket over SQL (spacing on the database clock, tickets, pauses,
 * and on PostgreSQL many concurrent reservations over two connections never sharing a slot).
 */
import { describe, expect, it } from 'vitest';
import { openDatabase, ValidationError } from '../../../store/index.js';
import { createSqlSendBucket } from '../../../store/send-bucket/sql-bucket.js';
import { IN_ACTIVITY_HORIZON_MS, slotInterval, WAKE_EARLY_MS } from '../../../store/send-bucket/rules.js';
import { RATE_WINDOW_MS } from '../../../store/send-bucket/send-gate.js';
import { ENGINES, postgres, useStore, type Engine } from './support/engines.js';

describe.each(ENGINES)('send pacing on the $name engine', (engine: Engine) => {
  const h = useStore(engine);

  describe('channel send rate', () => {
    it('defaults to 80/s for Cloud and 20/s for On-Premise; activities read it with the secrets', async () => {
      await h.store.createCompany({ id: 13 });
      const cloud = await h.store.createChannel({ companyId: 13, kind: '360dialog-cloud', apiKey: 'k' });
      const onprem = await h.store.createChannel({ companyId: 13, kind: '360dialog', apiKey: 'k' });
      expect(cloud.channel.sendRatePerSecond).toBe(80);
      expect(onprem.channel.sendRatePerSecond).toBe(20);
      expect((await h.store.getChannelSecrets(cloud.channel.id))?.sendRatePerSecond).toBe(80);
    });

    it('takes a chosen rate, changes it, and keeps it when the kind changes', async () => {
      await h.store.createCompany({ id: 13 });
      const { channel } = await h.store.createChannel({
        companyId: 13,
        kind: '360dialog-cloud',
        apiKey: 'k',
        sendRatePerSecond: 250,
      });
      expect(channel.sendRatePerSecond).toBe(250);
      expect((await h.store.updateChannel(channel.id, { sendRatePerSecond: 1000 })).sendRatePerSecond).toBe(
        1000,
      );
      expect((await h.store.updateChannel(channel.id, { kind: '360dialog' })).sendRatePerSecond).toBe(1000);
    });

    it("a kind's default rate follows the kind, like the default base URL", async () => {
      await h.store.createCompany({ id: 13 });
      const { channel } = await h.store.createChannel({ companyId: 13, kind: '360dialog', apiKey: 'k' });
      expect((await h.store.updateChannel(channel.id, { kind: '360dialog-cloud' })).sendRatePerSecond).toBe(
        80,
      );
    });

    it.each([0, -5, 1.5, 1001])('refuses %s sends per second and changes nothing', async (rate) => {
      await h.store.createCompany({ id: 13 });
      await expect(
        h.store.createChannel({ companyId: 13, kind: '360dialog', apiKey: 'k', sendRatePerSecond: rate }),
      ).rejects.toBeInstanceOf(ValidationError);
      const { channel } = await h.store.createChannel({ companyId: 13, kind: '360dialog', apiKey: 'k' });
      const error = await h.store
        .updateChannel(channel.id, { sendRatePerSecond: rate })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toStrictEqual([
        {
          field: 'send_rate_per_second',
          message: 'Must be a whole number of sends per second from 1 to 1000',
        },
      ]);
      expect((await h.store.getChannel(channel.id))?.sendRatePerSecond).toBe(20);
    });
  });

  describe('the shared send bucket', () => {
    const take = (taskId: string, ratePerSecond = 1, channelId = 'ch-1') =>
      h.store.reserveSendSlot({ channelId, taskId, ratePerSecond });

    it('spaces slots by the rate on the database clock: go now, go after one interval, then a ticket', async () => {
      const interval = slotInterval(1);
      expect(await take('a')).toStrictEqual({ kind: 'go', waitMs: 0 });
      const b = await take('b');
      expect(b.kind).toBe('go');
      if (b.kind === 'go') {
        expect(b.waitMs).toBeGreaterThan(interval - 200);
        expect(b.waitMs).toBeLessThanOrEqual(interval);
      }
      const c = await take('c');
      expect(c.kind).toBe('later');
      if (c.kind === 'later') {
        expect(c.slotInMs).toBeGreaterThan(IN_ACTIVITY_HORIZON_MS);
        expect(c.retryAfterMs).toBeCloseTo(c.slotInMs - WAKE_EARLY_MS, 5);
      }
      expect(await take('x', 1, 'ch-2')).toStrictEqual({ kind: 'go', waitMs: 0 });
    });

    it('a task back early keeps its ticket: asking again books no second slot', async () => {
      await take('a');
      await take('b');
      const first = await take('c');
      const again = await take('c');
      expect(again.kind).toBe('later');
      if (first.kind === 'later' && again.kind === 'later') {
        expect(again.slotInMs).toBeLessThanOrEqual(first.slotInMs);
        expect(again.slotInMs).toBeGreaterThan(first.slotInMs - 500);
      }
      const { rows } = await h.db.query('SELECT task_id FROM send_pacing_tickets ORDER BY task_id');
      expect(rows).toStrictEqual([{ task_id: 'c' }]);
    });

    it('the rate gate: `rate` attempts pass, the next waits until a place ends a window after its answer', async () => {
      const admit = () => h.store.admitSend({ channelId: 'ch-1', ratePerSecond: 2, maxInFlightMs: 20_000 });
      const [a, b] = [await admit(), await admit()];
      expect([a.kind, b.kind]).toStrictEqual(['pass', 'pass']);
      const onTheWire = await admit();
      expect(onTheWire.kind).toBe('wait');
      if (onTheWire.kind === 'wait') expect(onTheWire.waitMs).toBe(RATE_WINDOW_MS);
      if (a.kind === 'pass') await h.store.sendAnswered('ch-1', a.holdId);
      const answered = await admit();
      expect(answered.kind).toBe('wait');
      if (answered.kind === 'wait') {
        expect(answered.waitMs).toBeGreaterThan(RATE_WINDOW_MS - 500);
        expect(answered.waitMs).toBeLessThanOrEqual(RATE_WINDOW_MS);
      }
      // Another channel has its own places; the places are kept apart from the task tickets.
      expect((await h.store.admitSend({ channelId: 'ch-2', ratePerSecond: 1, maxInFlightMs: 1 })).kind).toBe(
        'pass',
      );
      const { rows } = await h.db.query('SELECT channel_id FROM send_pacing_tickets ORDER BY channel_id');
      expect(rows).toStrictEqual([
        { channel_id: 'ch-1:sending' },
        { channel_id: 'ch-1:sending' },
        { channel_id: 'ch-2:sending' },
      ]);
    });

    it('a slot due now brings its place at the gate (one transaction); the gate still counts it', async () => {
      const reserve = (taskId: string) =>
        h.store.reserveSendSlot({
          channelId: 'ch-1',
          taskId,
          ratePerSecond: 2,
          admit: { maxInFlightMs: 20_000 },
        });
      const first = await reserve('a');
      expect(first).toMatchObject({ kind: 'go', waitMs: 0 });
      expect(typeof first.holdId).toBe('string');
      // The next slot is one interval away: not due now, so no place is taken for it.
      const second = await reserve('b');
      expect(second.kind).toBe('go');
      expect(second).not.toHaveProperty('holdId');
      // Places taken either way are the same places: one more passes at rate 2, then the gate waits…
      expect(
        (await h.store.admitSend({ channelId: 'ch-1', ratePerSecond: 2, maxInFlightMs: 20_000 })).kind,
      ).toBe('pass');
      const { rows } = await h.db.query(
        `SELECT count(*)::int AS n FROM send_pacing_tickets WHERE channel_id = 'ch-1:sending'`,
      );
      expect(rows).toStrictEqual([{ n: 2 }]);
      // A slot due now on a full gate comes without a place (its attempt then asks the gate itself).
      const gate = { channelId: 'ch-2', ratePerSecond: 2, maxInFlightMs: 20_000 };
      expect([(await h.store.admitSend(gate)).kind, (await h.store.admitSend(gate)).kind]).toStrictEqual([
        'pass',
        'pass',
      ]);
      const full = await h.store.reserveSendSlot({ ...gate, taskId: 'x', admit: { maxInFlightMs: 20_000 } });
      expect(full).toStrictEqual({ kind: 'go', waitMs: 0 });
      if (first.kind === 'go' && first.holdId) await h.store.sendAnswered('ch-1', first.holdId);
    });

    it('the gate lets nothing leave inside a 429 pause', async () => {
      await h.store.pauseChannel('ch-1', 30_000);
      const gate = await h.store.admitSend({ channelId: 'ch-1', ratePerSecond: 80, maxInFlightMs: 20_000 });
      expect(gate.kind).toBe('wait');
      if (gate.kind === 'wait') expect(gate.waitMs).toBeGreaterThan(29_000);
    });

    it('a pause after a 429 holds back the next send by every worker', async () => {
      await h.store.pauseChannel('ch-1', 30_000);
      const next = await take('a', 80);
      expect(next.kind).toBe('later');
      if (next.kind === 'later') expect(next.slotInMs).toBeGreaterThan(29_000);
    });
  });
});

describe('the shared send bucket under concurrency (PostgreSQL, two connections)', () => {
  it('100 reservations racing from two connections get 100 distinct slots, one interval apart', async () => {
    const server = await postgres.open();
    const other = await openDatabase({ databaseUrl: server.url });
    try {
      const { migrate } = await import('../../../store/index.js');
      await migrate(server.db);
      const buckets = [createSqlSendBucket(server.db), createSqlSendBucket(other)];
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (buckets[i % 2] ?? buckets[0])!.reserveSendSlot({
            channelId: 'ch',
            taskId: `t${i}`,
            ratePerSecond: 1000,
          }),
        ),
      );
      const { rows } = await server.db.query<{ next_ms: number }>(
        `SELECT (extract(epoch from next_at) * 1000)::float8 AS next_ms FROM send_pacing WHERE channel_id = 'ch'`,
      );
      // Every reservation moved next_at by exactly one interval from where the one before left it.
      const booked = (rows[0]?.next_ms ?? 0) - started;
      expect(booked).toBeGreaterThanOrEqual(100 * slotInterval(1000) - 50);
      expect(answers.every((a) => a.kind === 'go')).toBe(true);
      // The gate under the same race: of 40 attempts at 5/s, exactly 5 leave.
      const gates = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (buckets[i % 2] ?? buckets[0])!.admitSend({
            channelId: 'ch',
            ratePerSecond: 5,
            maxInFlightMs: 20_000,
          }),
        ),
      );
      expect(gates.filter((g) => g.kind === 'pass')).toHaveLength(5);
    } finally {
      await other.close();
      await server.stop();
    }
  });
});
