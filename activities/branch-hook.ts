/**
 * Branch hooks (SPEC section 4, [decided]): a slot may name a URL per branch that receives the
 * task's outcome. Any answer but 2xx throws, and the workflow's retry policy retries with backoff
 * for up to 24 h; a duplicate POST is harmless because the body carries the task id.
 */
import type { Branch } from '../workflows/slot-snapshot.js';
import type { TaskResult, TaskStatus } from '../workflows/task-outcome.js';

export interface BranchHookBody {
  task_id: string;
  branch: Branch;
  status: TaskStatus;
  result: TaskResult | null;
  chat: { id: string; channel_id: string; recipient_id: string; context: Record<string, unknown> };
}

export async function postBranchHook(
  url: string,
  body: BranchHookBody,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<void> {
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `${body.task_id}:${body.branch}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`branch hook answered HTTP ${response.status}`);
}
