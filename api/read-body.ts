/**
 * A request body as text, read with a bound: `undefined` once it passes `limit` bytes, and the rest
 * is never buffered (a declared Content-Length past the bound is refused before any byte is read).
 *
 * Under `@hono/node-server` the body is read from Node's own request stream (`c.env.incoming`),
 * not through `c.req.raw`. Touching `c.req.raw.body` makes the adapter build a WHATWG `Request`:
 * an `AbortController`, a web stream over the socket, and undici's bookkeeping of the signal
 * through a `WeakRef` and a `FinalizationRegistry`. V8's young-generation collections keep the
 * targets of weak references alive (only a full collection clears them), so those objects outlived
 * their request and were copied into the old generation: at 100 mailing requests/s under `npm start`
 * they were about a quarter of the bytes that outlived young collections (a sampling heap profile),
 * and young collections, 20-50 ms each on the busy two-core machine, are the longest pauses of the
 * service's event loop there (README, Benchmark). Where there is no Node request (the tests'
 * `app.request`, another runtime) the `Request`'s own body is read.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';

export async function readBodyAtMost(c: Context, limit: number): Promise<string | undefined> {
  if (Number(c.req.header('content-length') ?? '0') > limit) return undefined;
  const incoming = nodeRequest(c);
  // Stopping early must not destroy Node's request, or the socket goes with it and the 413 is never
  // delivered: the adapter drains the rest once the answer is sent.
  const body: AsyncIterable<Uint8Array> | null = incoming
    ? incoming.iterator({ destroyOnReturn: false })
    : (c.req.raw.body as AsyncIterable<Uint8Array> | null);
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The Node request `@hono/node-server` passes as `env.incoming`, if this request came that way. */
function nodeRequest(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  return typeof incoming === 'object' && incoming !== null && 'iterator' in incoming
    ? (incoming as IncomingMessage)
    : undefined;
}

/**
 * Answers 413 to a request whose declared Content-Length is past `limit`, before its route reads
 * anything (the callbacks answer it before looking up the channel). Unlike Hono's `bodyLimit` it
 * never touches the body, so the route reads it with `readBodyAtMost`, which also bounds a chunked
 * body that declares no length.
 */
export function refuseDeclaredOver(limit: number): MiddlewareHandler {
  return async (c, next) =>
    Number(c.req.header('content-length') ?? '0') > limit
      ? c.json({ status: 'Payload too large' }, 413)
      : next();
}
