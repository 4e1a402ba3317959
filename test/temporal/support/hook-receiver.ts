import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A branch-hook receiver on loopback that fails the first `failures` POSTs with HTTP 500. */
export async function startHookReceiver(failures = 0) {
  const received: ReceivedHook[] = [];
  let remainingFailures = failures;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) as unknown });
      const fail = remainingFailures > 0;
      if (fail) remainingFailures -= 1;
      res.writeHead(fail ? 500 : 200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/whatsapp`,
    received,
    failAlways: () => (remainingFailures = Number.POSITIVE_INFINITY),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
