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
import { isInMemory } from './pglite.js';
import { PGLITE_THREAD_ROLE, type DbReply, type DbRequest, type ThreadError } from './pglite-thread.js';

type Call = DbRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface PgliteThreadOptions {
  /**
   * Told when the thread died and a new one is opening the same data directory (file-backed only:
   * an in-memory engine's data died with its thread, so it stays failed instead).
   */
  onReopen?: (reason: Error) => void;
  /** Each thread once it is ready (tests end one to play a crash). */
  onThread?: (thread: Worker) => void;
}

/**
 * Opens the embedded engine (PGlite) in a thread of its own; `dataDir` as for `openPglite`.
 *
 * If the thread dies (a bug, a WebAssembly abort such as running out of its memory), the
 * statements in flight fail with the reason. File-backed, a new thread then opens the same
 * directory (PostgreSQL's own crash recovery, as after a killed process) and later statements go
 * to it; a transaction that was open is gone, so its next statement fails and its caller's retry
 * starts afresh. Without this the service stayed up with every statement failing until restarted.
 */
export async function openPgliteThread(
  dataDir?: string,
  options: PgliteThreadOptions = {},
): Promise<Database> {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  let nextId = 1;
  /** Set for good: closed, or dead with nothing to reopen. */
  let gone: Error | undefined;
  let closing = false;
  const inMemory = isInMemory(dataDir);

  // Every statement in flight fails with the reason (`gone` also fails every later one, and
  // readiness then reports the database as down).
  const failPending = (err: Error) => {
    for (const call of pending.values()) call.reject(err);
    pending.clear();
  };

  const open = async (): Promise<Worker> => {
    const thread = startModuleThread(import.meta.url, 'pglite-thread', {
      workerData: { role: PGLITE_THREAD_ROLE, dataDir },
    });
    const opened = await firstReply(thread);
    if ('opened' in opened) {
      await thread.terminate();
      throw fromThreadError(opened.error);
    }
    // The thread keeps the process alive only while a statement is in flight, as a socket would:
    // an idle database left open does not hold a finished script or test file up.
    if (pending.size === 0) thread.unref();
    thread.on('message', (reply: DbReply) => {
      if (!('id' in reply)) return;
      const call = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) thread.unref();
      if (reply.ok) call?.resolve(reply.value);
      else call?.reject(fromThreadError(reply.error));
    });
    let died: Error | undefined;
    thread.on('error', (err) => (died ??= err));
    thread.on('exit', (code) => {
      const reason = died ?? new Error(`the embedded database thread exited (code ${code})`);
      if (closing) return failPending(new Error('the embedded database is closed'));
      failPending(reason);
      if (inMemory) {
        gone ??= reason;
        return;
      }
      options.onReopen?.(reason);
      current = open().catch((err: unknown) => {
        gone ??= err instanceof Error ? err : new Error(String(err));
        throw gone;
      });
      current.catch(() => undefined);
    });
    options.onThread?.(thread);
    return thread;
  };

  let current: Promise<Worker> = open();
  await current;

  const failIfGone = () => {
    if (gone) throw gone;
  };
  const call = async (request: Call): Promise<unknown> => {
    failIfGone();
    const thread = await current; // a reopening thread: wait until it is ready
    failIfGone(); // closed, or the reopening failed, meanwhile
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (pending.size === 0) thread.ref();
      pending.set(id, { resolve, reject });
      try {
        thread.postMessage({ ...request, id });
      } catch (err) {
        // A parameter that cannot cross threads (DataCloneError): this statement fails, nothing else.
        pending.delete(id);
        if (pending.size === 0) thread.unref();
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
      closing = true; // a thread that exits from here on is not reopened
      if (!gone) await call({ kind: 'close' });
      gone ??= new Error('the embedded database is closed');
      failPending(gone);
      const thread = await current.catch(() => undefined);
      await thread?.terminate();
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
