import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../store/driver/database.js';
import { openPostgres } from '../../../store/driver/postgres.js';
import { startTestPostgres, type TestPostgres } from '../../support/postgres.js';

/**
 * The server going away in the middle of a transaction (the chaos run's PostgreSQL outage, during a
 * send-pacing reservation) must fail that transaction, not the process: a checked-out client whose
 * connection ends emits 'error', and with nobody listening Node ends the process. Both workers of
 * the chaos run died that way, and 227 accepted tasks stayed unresolved.
 */
describe('PostgreSQL driver: the server goes away mid-transaction', () => {
  let server: TestPostgres;
  let db: Database;

  beforeAll(async () => {
    server = await startTestPostgres();
    db = openPostgres(server.url);
    await db.query('CREATE TABLE outage_tx (id integer)');
  });

  afterAll(async () => {
    await db?.close().catch(() => undefined);
    await server?.stop();
  });

  it('rejects the transaction, keeps the process alive, and works again once the server is back', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => void uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const tx = db.transaction(async (q) => {
        await q.query('INSERT INTO outage_tx VALUES (1)');
        await server.suspend(); // an immediate stop while this client is checked out
        await q.query('INSERT INTO outage_tx VALUES (2)');
      });
      await expect(tx).rejects.toThrow();
      // The socket's end is reported on later turns of the event loop: let them run.
      await new Promise((r) => setTimeout(r, 500));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    await server.resume();
    await db.query('INSERT INTO outage_tx VALUES (3)');
    const { rows } = await db.query<{ id: number }>('SELECT id FROM outage_tx ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([3]);
  });
});
