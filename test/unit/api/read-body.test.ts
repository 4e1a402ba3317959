/**
 * `readBodyAtMost` and `refuseDeclaredOver` (api/read-body.ts) over a real loopback HTTP server, as
 * `@hono/node-server` serves the service: bodies read whole, bounded as they arrive, a 413 that
 * reaches the client, and no WHATWG Request built per request (the objects that outlived each
 * mailing request in the young generation; README, Benchmark).
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBodyAtMost, refuseDeclaredOver } from '../../../api/read-body.js';

const LIMIT = 1024;
let server: ServerType;
let port: number;
let routeRuns = 0;

const app = new Hono();
app.use('/bounded', refuseDeclaredOver(LIMIT));
app.post('/bounded', async (c) => {
  routeRuns += 1;
  const text = await readBodyAtMost(c, LIMIT);
  return text === undefined ? c.json({ status: 'Payload too large' }, 413) : c.json({ text });
});
// The way the service read bodies before: through the adapter's WHATWG Request (the control).
app.post('/via-request', async (c) => c.json({ text: await c.req.raw.text() }));

beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      port = info.port;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** POSTs `chunks` one write each: chunked unless a Content-Length is given. */
function post(path: string, chunks: (string | Buffer)[], contentLength?: number) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(contentLength === undefined ? {} : { 'content-length': String(contentLength) }),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('readBodyAtMost over Node’s HTTP server', () => {
  it('reads a body with a Content-Length whole', async () => {
    const body = JSON.stringify({ phone: '+79001234567' });
    const reply = await post('/bounded', [body], Buffer.byteLength(body));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ text: body });
  });

  it('reads a chunked body whole, a character split across chunks included', async () => {
    const bytes = Buffer.from('{"name":"Привет"}');
    const reply = await post('/bounded', [bytes.subarray(0, 10), bytes.subarray(10)]);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ text: '{"name":"Привет"}' });
  });

  it('answers a chunked body past the limit with 413, and the answer reaches the client', async () => {
    const reply = await post('/bounded', ['x'.repeat(600), 'x'.repeat(600), 'x'.repeat(600)]);
    expect(reply).toEqual({ status: 413, body: JSON.stringify({ status: 'Payload too large' }) });
  });

  it('refuses a declared Content-Length past the limit before the route runs', async () => {
    const before = routeRuns;
    const body = 'x'.repeat(LIMIT + 1);
    const reply = await post('/bounded', [body], body.length);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toEqual({ status: 'Payload too large' });
    expect(routeRuns).toBe(before);
  });

  it('builds no WHATWG Request (no AbortController), where reading c.req.raw does', async () => {
    const Original = globalThis.AbortController;
    let made = 0;
    globalThis.AbortController = class extends Original {
      constructor() {
        super();
        made += 1;
      }
    };
    try {
      const body = JSON.stringify({ phone: '+79001234567' });
      expect((await post('/bounded', [body], body.length)).status).toBe(200);
      const direct = made;
      expect((await post('/via-request', [body], body.length)).status).toBe(200);
      expect(direct).toBe(0);
      expect(made - direct).toBeGreaterThan(0); // the adapter's, and undici's inside its Request
    } finally {
      globalThis.AbortController = Original;
    }
  });
});

describe('readBodyAtMost without a Node request (app.request, other runtimes)', () => {
  it('reads the Request’s own body, with the same bound', async () => {
    const ok = await app.request('/bounded', { method: 'POST', body: '{"a":1}' });
    expect(await ok.json()).toEqual({ text: '{"a":1}' });
    const tooBig = await app.request('/bounded', { method: 'POST', body: 'x'.repeat(LIMIT + 1) });
    expect(tooBig.status).toBe(413);
  });
});
