/**
 * The chaos run's figures, computed from what was recorded (requests, task outcomes, the mock's
 * messages and webhook deliveries). Pure, so every figure is unit-tested against hand-made records.
 */
import type { DeliveryRecord, SentMessage } from '../mock-360dialog/types.js';

/** One mailing request the load generator sent; `status` is the HTTP status or `error` (no answer). */
export interface RequestRecord {
  at: number;
  status: number | 'error';
  taskId?: string;
}

/** A fault as it happened: `start` and `end` are epoch ms (equal for an instant fault such as a SIGKILL). */
export interface FaultWindow {
  name: string;
  start: number;
  end: number;
  /** Set when the fault could not be applied or undone: the run then proves nothing about it. */
  error?: string;
}

export interface TaskOutcome {
  taskId: string;
  branch: string | null;
  description: string | null;
}

export function countRequests(records: RequestRecord[]) {
  const accepted = records.filter((r) => r.status === 200).length;
  const unavailable = records.filter((r) => r.status === 503).length;
  const others: Record<string, number> = {};
  for (const r of records) {
    if (r.status === 200 || r.status === 503) continue;
    others[String(r.status)] = (others[String(r.status)] ?? 0) + 1;
  }
  return {
    sent: records.length,
    accepted,
    unavailable,
    other: records.length - accepted - unavailable,
    others,
  };
}

/** Extra copies of a task's template beyond the first: 360dialog echoes the task id in `biz_opaque_callback_data`. */
export function duplicateSends(messages: SentMessage[]): number {
  const perTask = new Map<string, number>();
  for (const m of messages) {
    if (m.bizOpaqueCallbackData === null) continue;
    perTask.set(m.bizOpaqueCallbackData, (perTask.get(m.bizOpaqueCallbackData) ?? 0) + 1);
  }
  return [...perTask.values()].reduce((sum, n) => sum + n - 1, 0);
}

/** Webhook deliveries (a status or inbound POST, retries included) that never got a 200. */
export function lostCallbacks(deliveries: DeliveryRecord[]): number {
  const delivered = new Map<number, boolean>();
  for (const d of deliveries) {
    if (d.url === null) continue;
    delivered.set(d.deliveryId, (delivered.get(d.deliveryId) ?? false) || d.ok);
  }
  return [...delivered.values()].filter((ok) => !ok).length;
}

/** Still retrying when the run looked: not lost yet, not delivered yet. */
export function pendingCallbacks(deliveries: DeliveryRecord[], maxAttempts: number): number {
  const last = new Map<number, DeliveryRecord>();
  const delivered = new Set<number>();
  for (const d of deliveries) {
    if (d.ok) delivered.add(d.deliveryId);
    const prev = last.get(d.deliveryId);
    if (!prev || prev.attempt < d.attempt) last.set(d.deliveryId, d);
  }
  return [...last.values()].filter((d) => !delivered.has(d.deliveryId) && d.attempt < maxAttempts).length;
}

/**
 * How long after a fault ended the service worked again: the first accepted request, and the first
 * send 360dialog received, at or after the fault's end. `undefined` when none came.
 */
export function recovery(fault: FaultWindow, requests: RequestRecord[], sends: number[]) {
  const firstAfter = (times: number[]) => {
    const t = times.filter((x) => x >= fault.end).sort((a, b) => a - b)[0];
    return t === undefined ? undefined : t - fault.end;
  };
  return {
    intakeMs: firstAfter(requests.filter((r) => r.status === 200).map((r) => r.at)),
    sendMs: firstAfter(sends),
  };
}

export function outcomeCounts(outcomes: TaskOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.branch === null ? 'unresolved' : `${o.branch}: ${o.description ?? ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** A Markdown table, as pasted into the README. */
export function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length), 6);
  const lines = [`| ${'figure'.padEnd(width)} | value |`, `| ${'-'.repeat(width)} | ----- |`];
  for (const [k, v] of rows) lines.push(`| ${k.padEnd(width)} | ${v} |`);
  return lines.join('\n');
}
