import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../support/postgres.js';

/**
 * The chaos run's "PostgreSQL stopped 10 s" is `suspend()`: an immediate stop, i.e. a crash of the
 * server. A real server keeps every commit it acknowledged through that; the private test server
 * must too, or the run measures a database that forgets writes (it did: with asynchronous commits,
 * the commits of the last ~0.2 s before the stop vanished, among them a task's resolution, which
 * the run then reported as an accepted task left unresolved).
 */
describe('private test PostgreSQL outage (suspend/resume)', () => {
  let server: TestPostgres;

  beforeAll(async () => {
    server = await startTestPostgres();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('keeps every commit acknowledged before the stop', async () => {
    const writer = new pg.Client({ connectionString: server.url });
    writer.on('error', () => undefined); // the stop ends its connection
    await writer.connect();
    await writer.query('CREATE TABLE outage_probe (id integer PRIMARY KEY)');
    let acknowledged = 0;
    // Autocommit inserts, each acknowledged before the next: the stop lands right after the last.
    for (let i = 1; i <= 400; i++) {
      await writer.query('INSERT INTO outage_probe VALUES ($1)', [i]);
      acknowledged = i;
    }
    await server.suspend();
    await writer.end().catch(() => undefined);
    await server.resume();

    const reader = new pg.Client({ connectionString: server.url });
    await reader.connect();
    try {
      const { rows } = await reader.query<{ n: number }>('SELECT count(*)::int AS n FROM outage_probe');
      expect(rows[0]?.n).toBe(acknowledged);
    } finally {
      await reader.end();
    }
  });
});
