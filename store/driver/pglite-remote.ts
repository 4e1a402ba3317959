/**
 * The embedded engine on its own thread. PGlite is PostgreSQL compiled to WASM: every statement
 * runs synchronously on the thread that owns it. On the main thread, under `npm start`, that was a
 * third of the event loop's busy time at 100 requests/s with the pipeline running (a CPU profile
 * of the service), and every intake request queued behind it and behind the worker's activities.
 * Here the main thread only posts the statement and awaits the rows; the engine gets a core of its
 * own when one is free. Transactions keep their meaning: PGlite's own transaction stays open on the
 * engine's thread until the main thread's function has resolved (commit) or thrown (roll back).
 */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../lib/start-thread.js';
import type { Database, Queryable, Row } from './database.js';
import { PGLITE_THREAD_ROLE, type DbReply, type DbRequest, type ThreadError } from './pglite-thread.js';

type Call = DbRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Opens the embedded engine (PGlite) in a thread of its own; `dataDir` as for `openPglite`. */
export async function openPgliteThread(dataDir?: string): Promise<Database> {
  const worker = startModuleThread(import.meta.url, 'pglite-thread', {
    workerData: { role: PGLITE_THREAD_ROLE, dataDir },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let gone: Error | undefined;

  const opened = await firstReply(worker);
  if ('opened' in opened) {
    await worker.terminate();
    throw fromThreadError(opened.error);
  }
  // The thread keeps the process alive only while a statement is in flight, as a socket would: an
  // idle database left open does not hold a finished script or test file up.
  worker.unref();
  worker.on('message', (reply: DbReply) => {
    if (!('id' in reply)) return;
    const call = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    if (reply.ok) call?.resolve(reply.value);
    else call?.reject(fromThreadError(reply.error));
  });
  // A thread that died takes every statement in flight with it: each fails with the reason, and so
  // does every later one (readiness then reports the database as down).
  const fail = (err: Error) => {
    gone ??= err;
    for (const call of pending.values()) call.reject(gone);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the embedded database thread exited (code ${code})`)));

  const call = (request: Call): Promise<unknown> => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ ...request, id });
      } catch (err) {
        // A parameter that cannot cross threads (DataCloneError): this statement fails, nothing else.
        pending.delete(id);
        if (pending.size === 0) worker.unref();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  };
  const queryable = (tx?: number): Queryable => ({
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      // The thread runs `openPglite`'s own query, so the shape is already { rows, rowCount }.
      return (await call({ kind: 'query', sql, params: [...params], tx })) as { rows: R[]; rowCount: number };
    },
  });

  return {
    engine: 'embedded',
    ...queryable(),
    async transaction(fn) {
      const tx = (await call({ kind: 'begin' })) as number;
      let value;
      try {
        value = await fn(queryable(tx));
      } catch (err) {
        await call({ kind: 'end', tx, commit: false }).catch(() => undefined);
        throw err;
      }
      await call({ kind: 'end', tx, commit: true });
      return value;
    },
    async close() {
      if (!gone) await call({ kind: 'close' });
      fail(new Error('the embedded database is closed'));
      await worker.terminate();
    },
  };
}

/** The thread's first word: ready, or why the engine did not open. */
function firstReply(worker: Worker): Promise<DbReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: DbReply) => {
      worker.off('exit', onExit);
      resolve(reply);
    };
    const onExit = (code: number) => {
      worker.off('message', onMessage);
      reject(new Error(`the embedded database thread exited (code ${code}) before it opened`));
    };
    worker.once('message', onMessage);
    worker.once('exit', onExit);
  });
}

/** The engine's error, rebuilt on this side with its fields, so `code === '23505'` still reads. */
function fromThreadError(error: ThreadError): Error {
  const err = new Error(error.message);
  Object.assign(err, error.fields);
  err.name = error.name;
  return err;
}
