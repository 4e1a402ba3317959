import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleApi } from './api-router.js';
import type { ApiRequest } from './api-router.js';
import type { MockContext } from './context.js';
import { Mock360dialogControl } from './control-client.js';
import { handleControl } from './control-router.js';
import { DEFAULT_CONFIG } from './defaults.js';
import { gatewayError } from './error-bodies.js';
import { json, parseBody, queryOf, readBody, writeReply } from './http-io.js';
import { configPatchSchema } from './schemas.js';
import type { MockConfigPatch } from './schemas.js';
import { MockState } from './state.js';
import type { RecordedRequest } from './types.js';
import { WebhookDeliverer } from './webhook-delivery.js';

/** Options of {@link startMock360dialog}. */
export interface Mock360dialogOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Initial config; `reset` returns to it. */
  config?: MockConfigPatch;
}

/** A running mock: its base URL, a control client bound to it, and `stop`. */
export interface Mock360dialog {
  readonly url: string;
  readonly control: Mock360dialogControl;
  /** Closes the server, destroys open sockets (hung requests too) and cancels pending deliveries. */
  stop(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const entries = Object.entries(req.headers).map(([name, value]) => [name, [value].flat().join(', ')]);
  return Object.fromEntries(entries) as Record<string, string>;
}

async function handleRequest(ctx: MockContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://mock.invalid');
  const method = req.method ?? 'GET';
  const parsed = parseBody(await readBody(req));
  if (url.pathname.startsWith('/__mock/')) {
    writeReply(res, await handleControl(ctx, method, url, parsed));
    return;
  }
  const headers = headersOf(req);
  const record: RecordedRequest = {
    seq: ctx.state.requests.nextSeq(),
    method,
    path: url.pathname,
    query: queryOf(url),
    headers,
    body: parsed.body,
    key: headers['d360-api-key'] ?? null,
    receivedAt: new Date().toISOString(),
    responseStatus: null,
    responseBody: null,
    fault: null,
  };
  ctx.state.requests.add(record);
  const api: ApiRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    key: record.key,
    body: parsed.body,
  };
  const { reply, fault } = await handleApi(ctx, api);
  const written = writeReply(res, reply);
  Object.assign(record, {
    responseStatus: written.status,
    responseBody: written.body,
    fault: fault?.type ?? null,
  });
  ctx.state.requests.changed();
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Starts a faithful 360dialog mock (Cloud and On-Premise flavours per API key) as a real HTTP
 * server, so clients are tested over sockets: timeouts, resets and refused connections included.
 */
export async function startMock360dialog(options: Mock360dialogOptions = {}): Promise<Mock360dialog> {
  const patch = configPatchSchema.parse(options.config ?? {});
  const state = new MockState({
    ...DEFAULT_CONFIG,
    ...patch,
    retry: { ...DEFAULT_CONFIG.retry, ...patch.retry },
  });
  const ctx: MockContext = { state, deliverer: new WebhookDeliverer(state) };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handleRequest(ctx, req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      writeReply(res, json(500, gatewayError(500, `mock internal error: ${String(error)}`)));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise((resolve) => {
      state.timers.cancelAll();
      state.requests.releaseWaiters();
      state.deliveries.releaseWaiters();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return stopping;
  };
  return { url, control: new Mock360dialogControl(url), stop };
}
