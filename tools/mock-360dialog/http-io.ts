import type { IncomingMessage, ServerResponse } from 'node:http';

/** How a handler wants the mock to answer; transport faults are answers too. */
export type Reply =
  | {
      kind: 'json';
      status: number;
      body: unknown;
      headers?: Record<string, string>;
      /** Runs once the response is fully written (status callbacks start after the send answer). */
      after?: () => void;
    }
  | { kind: 'text'; status: number; contentType: string; text: string }
  | { kind: 'hang' }
  | { kind: 'reset' };

/** The JSON variant of {@link Reply}. */
export type JsonReply = Extract<Reply, { kind: 'json' }>;

/** A JSON answer; 360dialog's gateway answers plain `application/json`. */
export function json(status: number, body: unknown, headers?: Record<string, string>): JsonReply {
  return { kind: 'json', status, body, ...(headers === undefined ? {} : { headers }) };
}

/** Reads the whole request body as UTF-8. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parsed JSON, the raw text when it is not JSON, null when empty. */
export function parseBody(text: string): { body: unknown; isJson: boolean } {
  if (text.trim() === '') return { body: null, isJson: true };
  try {
    return { body: JSON.parse(text) as unknown, isJson: true };
  } catch {
    return { body: text, isJson: false };
  }
}

/** Query string as a plain object (last value wins). */
export function queryOf(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

/** Writes a reply; returns the status and body actually sent (null for hang and reset). */
export function writeReply(res: ServerResponse, reply: Reply): { status: number | null; body: unknown } {
  switch (reply.kind) {
    case 'json': {
      const headers = { 'content-type': 'application/json', ...reply.headers };
      res.writeHead(reply.status, headers);
      res.end(JSON.stringify(reply.body), reply.after);
      return { status: reply.status, body: reply.body };
    }
    case 'text':
      res.writeHead(reply.status, { 'content-type': reply.contentType });
      res.end(reply.text);
      return { status: reply.status, body: reply.text };
    case 'hang':
      // Never answer: the socket stays open until the client gives up or the mock stops.
      return { status: null, body: null };
    case 'reset':
      // Promise more bytes than we send, then kill the socket: the client sees a truncated response.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      res.write('{"messaging_product":"whatsapp","contacts":[', () => res.socket?.destroy());
      return { status: null, body: null };
  }
}
