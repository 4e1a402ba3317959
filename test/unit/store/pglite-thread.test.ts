import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../store/driver/database.js';
import { openPglite } from '../../../store/driver/pglite.js';
import { openPgliteThread } from '../../../store/driver/pglite-remote.js';

/** Timer ticks on this thread while `work` runs: none when the work holds the event loop. */
async function ticksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

// A statement long enough to be seen (a few hundred ms on the 2-core machine), short enough to run twice.
const LONG_STATEMENT = 'SELECT count(*)::int AS n FROM generate_series(1, 2000000)';

describe('the embedded engine on its own thread', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteThread('memory://');
    await db.query(
      'CREATE TABLE items (id int PRIMARY KEY, doc jsonb, at timestamptz NOT NULL DEFAULT now())',
    );
  });
  afterAll(async () => {
    await db.close();
  });

  it('returns rows with their types (jsonb as objects, timestamptz as Date) and the row count', async () => {
    const inserted = await db.query(
      'INSERT INTO items (id, doc) VALUES ($1, $2), ($3, $4) RETURNING id, doc, at',
      [1, JSON.stringify({ a: [1, 'x'] }), 2, null],
    );
    expect(inserted.rowCount).toBe(2);
    expect(inserted.rows[0]).toMatchObject({ id: 1, doc: { a: [1, 'x'] } });
    expect(inserted.rows[0]?.at).toBeInstanceOf(Date);
    expect((await db.query('UPDATE items SET doc = $1 WHERE id > 0', ['{}'])).rowCount).toBe(2);
  });

  it("keeps the engine's error fields, so a unique violation still reads as code 23505", async () => {
    const failed = db.query('INSERT INTO items (id) VALUES (1)');
    await expect(failed).rejects.toThrow('duplicate key value violates unique constraint "items_pkey"');
    await expect(failed).rejects.toMatchObject({ code: '23505', constraint: 'items_pkey' });
  });

  it('fails only the statement whose parameter cannot cross threads', async () => {
    await expect(db.query('SELECT $1::text AS t', [() => 'a function'])).rejects.toThrow(
      /could not be cloned/,
    );
    expect((await db.query('SELECT $1::text AS t', ['text'])).rows).toEqual([{ t: 'text' }]);
  });

  it('commits a transaction whose function resolves, with its value', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id) VALUES (10)');
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE id = 10')).rows[0]?.n;
    });
    expect(value).toBe(1);
    expect((await db.query('SELECT id FROM items WHERE id = 10')).rows).toEqual([{ id: 10 }]);
  });

  it('rolls a transaction back when its function throws, and after a failed statement in it', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id) VALUES (11)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id) VALUES (12)');
        await tx.query('INSERT INTO items (id) VALUES (1)');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await db.query('SELECT id FROM items WHERE id IN (11, 12)')).rows).toEqual([]);
    // The engine is usable afterwards: no transaction was left open on its thread.
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('makes a statement outside a transaction wait for it, as one thread did', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let begun!: () => void;
    const inside = new Promise<void>((resolve) => (begun = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id) VALUES (20)');
      begun();
      await held;
      await tx.query('INSERT INTO items (id) VALUES (21)');
    });
    await inside;
    let outsideDone = false;
    const outside = db
      .query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE id IN (20, 21)')
      .finally(() => (outsideDone = true));
    // Many turns of both threads' event loops later, the outside statement is still waiting. (It
    // could only be too early, never too late: no timing makes this pass by accident.)
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outsideDone).toBe(false);
    release();
    await transaction;
    expect((await outside).rows).toEqual([{ n: 2 }]);
  });

  it("leaves this thread's event loop free while a long statement runs (the main thread blocks)", async () => {
    expect(await ticksDuring(() => db.query(LONG_STATEMENT))).toBeGreaterThan(0);
    // The same statement on this thread: no timer fires until it is done. This is what the thread fixes.
    const inline = await openPglite('memory://');
    try {
      expect(await ticksDuring(() => inline.query(LONG_STATEMENT))).toBe(0);
    } finally {
      await inline.close();
    }
  });
});

describe('the database thread opening and ending', () => {
  it('fails to open with the reason when the data directory cannot be made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-notify-thread-'));
    try {
      writeFileSync(join(dir, 'file'), 'not a directory');
      await expect(openPgliteThread(join(dir, 'file', 'store'))).rejects.toThrow(/ENOTDIR|not a directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps data on disk across a close and a reopen', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wa-notify-thread-')), 'store');
    try {
      const first = await openPgliteThread(dir);
      await first.query('CREATE TABLE kept (id int)');
      await first.query('INSERT INTO kept VALUES (7)');
      await first.close();
      const second = await openPgliteThread(dir);
      expect((await second.query('SELECT id FROM kept')).rows).toEqual([{ id: 7 }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reopens a file-backed engine whose thread died: what was in flight fails, what follows finds the data', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wa-notify-thread-')), 'store');
    const threads: Worker[] = [];
    const reopened: Error[] = [];
    const db = await openPgliteThread(dir, {
      onThread: (thread) => threads.push(thread),
      onReopen: (reason) => reopened.push(reason),
    });
    try {
      await db.query('CREATE TABLE kept (id int)');
      await db.query('INSERT INTO kept VALUES (7)');
      let inTransaction: Promise<unknown> | undefined;
      const transaction = db.transaction(async (tx) => {
        await tx.query('INSERT INTO kept VALUES (8)');
        inTransaction = tx.query(LONG_STATEMENT);
        return inTransaction;
      });
      await expect.poll(() => inTransaction !== undefined, { timeout: 30_000, interval: 10 }).toBe(true);
      // The thread dies mid-statement, inside a transaction that never committed.
      await threads[0]?.terminate();
      await expect(transaction).rejects.toThrow(/the embedded database thread exited/);
      expect(reopened).toHaveLength(1);
      // The committed row is there; the uncommitted one is not; the new thread serves as the old one did.
      expect((await db.query('SELECT id FROM kept ORDER BY id')).rows).toEqual([{ id: 7 }]);
      expect(threads).toHaveLength(2);
      await db.transaction((tx) => tx.query('INSERT INTO kept VALUES (9)'));
      expect((await db.query('SELECT count(*)::int AS n FROM kept')).rows).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stays failed when an in-memory engine's thread died: its data died with it", async () => {
    const threads: Worker[] = [];
    const reopened: Error[] = [];
    const db = await openPgliteThread('memory://', {
      onThread: (thread) => threads.push(thread),
      onReopen: (reason) => reopened.push(reason),
    });
    await db.query('SELECT 1');
    await threads[0]?.terminate();
    await expect(db.query('SELECT 1')).rejects.toThrow(/the embedded database thread exited/);
    expect(reopened).toEqual([]);
    expect(threads).toHaveLength(1);
    await db.close();
  });

  it('answers every statement after it was closed with a clear error, instead of hanging', async () => {
    const db = await openPgliteThread('memory://');
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow('the embedded database is closed');
    await expect(db.transaction(() => Promise.resolve(undefined))).rejects.toThrow(
      'the embedded database is closed',
    );
  });
});
