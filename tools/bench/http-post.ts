/**
 * The load generator's HTTP client: `node:http` over kept-alive sockets. The bench used `fetch`
 * (undici) before; at 100 requests/s it took 30–40 % of one core of the 2-core machine, and its own
 * garbage collection and event-loop lag (p99 30–60 ms) were counted in every latency it measured.
 * `node:http` does the same request with a fraction of the work, so the figures are the service's.
 */
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

/** POSTs `body` as JSON to `url` (http only: the bench is loopback) and reads the whole answer. */
export function postJson(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
