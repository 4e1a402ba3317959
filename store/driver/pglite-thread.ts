/**
 * The body of the embedded database's thread (see `pglite-remote.ts`): it owns the PGlite instance
 * and answers the main thread's queries and transaction steps. Nothing else runs here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Queryable } from './database.js';
import { openPglite } from './pglite.js';

/** Marks a thread started by `openPgliteThread`, so importing this file anywhere else does nothing. */
export const PGLITE_THREAD_ROLE = 'wa-notify-pglite';

export type DbRequest =
  | { id: number; kind: 'query'; sql: string; params: readonly unknown[]; tx?: number }
  | { id: number; kind: 'begin' }
  | { id: number; kind: 'end'; tx: number; commit: boolean }
  | { id: number; kind: 'close' };

/** An error as it crosses the thread boundary: its own fields (PostgreSQL's `code`, `constraint`...). */
export interface ThreadError {
  name: string;
  message: string;
  fields: Record<string, string | number | boolean>;
}

export type DbReply =
  | { ready: true }
  | { opened: false; error: ThreadError }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ThreadError };

export function toThreadError(err: unknown): ThreadError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: ThreadError['fields'] = {};
  for (const [key, value] of Object.entries(err))
    if (['string', 'number', 'boolean'].includes(typeof value))
      fields[key] = value as string | number | boolean;
  return { name: err.name, message: err.message, fields };
}

/** Thrown inside PGlite's transaction to roll it back when the main thread's function threw. */
class RollbackAsked extends Error {}

/** A transaction the main thread has begun and not yet ended. */
interface OpenTransaction {
  begun: Promise<Queryable>;
  /** Says how it ends: commit (true) or roll back (false). */
  decide: (commit: boolean) => void;
  /** Settles once PGlite has committed or rolled back; rejects when the commit failed. */
  done: Promise<void>;
}

async function serve(dataDir: string | undefined): Promise<void> {
  const port = parentPort;
  if (!port) return;
  let db: Awaited<ReturnType<typeof openPglite>>;
  try {
    db = await openPglite(dataDir);
  } catch (err) {
    port.postMessage({ opened: false, error: toThreadError(err) } satisfies DbReply);
    return;
  }
  const open = new Map<number, OpenTransaction>();
  let nextTx = 1;
  const reply = (id: number, run: () => Promise<unknown>) =>
    void run().then(
      (value) => port.postMessage({ id, ok: true, value } satisfies DbReply),
      (err: unknown) => port.postMessage({ id, ok: false, error: toThreadError(err) } satisfies DbReply),
    );
  const transaction = (txId: number) => {
    const entry = open.get(txId);
    if (!entry) throw new Error(`transaction ${txId} is not open`);
    return entry;
  };

  port.on('message', (request: DbRequest) => {
    switch (request.kind) {
      case 'query':
        return reply(request.id, async () => {
          const target = request.tx === undefined ? db : await transaction(request.tx).begun;
          return target.query(request.sql, request.params);
        });
      case 'begin': {
        // PGlite's own transaction: it holds the engine's lock until the main thread says how it
        // ends, so statements outside it wait exactly as they would in one thread.
        const txId = nextTx++;
        let decide!: (commit: boolean) => void;
        const decided = new Promise<boolean>((resolve) => (decide = resolve));
        let begin!: (tx: Queryable) => void;
        const begun = new Promise<Queryable>((resolve) => (begin = resolve));
        const done = db
          .transaction(async (tx) => {
            begin(tx);
            if (!(await decided)) throw new RollbackAsked();
          })
          .catch((err: unknown) => {
            if (!(err instanceof RollbackAsked)) throw err;
          });
        open.set(txId, { begun, decide, done });
        // Committed, rolled back or never begun: the entry goes either way.
        void done.then(
          () => open.delete(txId),
          () => open.delete(txId),
        );
        return reply(request.id, () =>
          Promise.race([
            begun.then(() => txId),
            done.then(() => Promise.reject(new Error('the transaction ended before it began'))),
          ]),
        );
      }
      case 'end':
        return reply(request.id, async () => {
          const entry = transaction(request.tx);
          entry.decide(request.commit);
          await entry.done;
          return null;
        });
      case 'close':
        return reply(request.id, () => db.close());
    }
  });
  port.postMessage({ ready: true } satisfies DbReply);
}

const data = workerData as { role?: unknown; dataDir?: string } | null;
if (data?.role === PGLITE_THREAD_ROLE) void serve(data.dataDir);
