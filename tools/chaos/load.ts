/**
 * Paced mailing requests (an open loop: one request every 1/rate s whatever the answers, as real
 * integrators send), round-robin over the api replicas, each to a recipient of its own.
 */
import type { RequestRecord } from './report.js';

export interface LoadOptions {
  apiUrls: string[];
  webhook: string;
  ratePerSecond: number;
  durationMs: number;
}

export async function runPacedLoad(options: LoadOptions): Promise<RequestRecord[]> {
  const records: RequestRecord[] = [];
  const inFlight: Promise<void>[] = [];
  const total = Math.floor((options.durationMs / 1000) * options.ratePerSecond);
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.ratePerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const api = options.apiUrls[i % options.apiUrls.length] ?? '';
    inFlight.push(send(api, options.webhook, i).then((record) => void records.push(record)));
  }
  await Promise.all(inFlight);
  return records.sort((a, b) => a.at - b.at);
}

async function send(api: string, webhook: string, i: number): Promise<RequestRecord> {
  const at = Date.now();
  const body = {
    phone_number: `49151${String(70_000_000 + i)}`,
    is_urgent: i % 5 === 0,
    order_id: `C-${i}`,
  };
  try {
    const response = await fetch(`${api}/notification/${webhook}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const json = (await response.json().catch(() => ({}))) as { task_id?: string };
    return { at, status: response.status, ...(json.task_id ? { taskId: json.task_id } : {}) };
  } catch {
    return { at, status: 'error' };
  }
}
