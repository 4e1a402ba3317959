import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One POST the receiver got, with the status it answered (null while held open). */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
  answered: number | null;
  at: number;
}

/** A local webhook endpoint that records POSTs and can be told to misbehave. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  #plan: (number | 'hang')[] = [];
  #sockets = new Set<Socket>();
  #waiters = new Set<() => void>();
  #server: Server;
  #url = '';

  constructor() {
    this.#server = createServer((req, res) => this.#handle(req, res));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  get url(): string {
    return this.#url;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks/wa`;
    return this;
  }

  /** Bodies of POSTs answered 200. */
  accepted(): unknown[] {
    return this.received.filter((r) => r.answered === 200).map((r) => r.body);
  }

  /** Answer the next `times` POSTs with `status` instead of 200. */
  failNext(times: number, status = 500): void {
    this.#plan.push(...Array<number>(times).fill(status));
  }

  /** Hold the next `times` POSTs open without answering. */
  hangNext(times: number): void {
    this.#plan.push(...Array<'hang'>(times).fill('hang'));
  }

  /** Forgets recorded POSTs and pending misbehaviour (between tests). */
  reset(): void {
    this.received.length = 0;
    this.#plan.length = 0;
  }

  /** Resolves when `count` POSTs were answered 200. */
  waitForAccepted(count: number, timeoutMs = 5_000): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.accepted().length < count) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(this.accepted());
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`receiver got ${this.accepted().length} of ${count} webhooks`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      for (const socket of this.#sockets) socket.destroy();
    });
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const entry: ReceivedWebhook = {
        path: req.url ?? '/',
        headers: req.headers,
        rawBody,
        body: JSON.parse(rawBody) as unknown,
        answered: null,
        at: Date.now(),
      };
      this.received.push(entry);
      const next = this.#plan.shift() ?? 200;
      if (next === 'hang') return;
      entry.answered = next;
      res.writeHead(next, { 'content-type': 'text/plain' }).end(next === 200 ? 'ok' : 'nope');
      for (const waiter of [...this.#waiters]) waiter();
    });
  }
}

/** Starts a receiver on 127.0.0.1 with a free port. */
export function startWebhookReceiver(): Promise<WebhookReceiver> {
  return new WebhookReceiver().start();
}
