/**
 * Branch hooks (SPEC section 4, [decided]): a slot may name a URL per branch that receives the
 * task's outcome. Any answer but 2xx throws, and the workflow's retry policy retries with backoff
 * for up to 24 h; a duplicate POST is harmless because the body carries the task id.
 */
import { withoutRedirects } from '../lib/http/no-redirect-fetch.js';
import { stripCredentials } from '../lib/http/url-credentials.js';
import type { Branch } from '../workflows/slot-snapshot.js';
import type { TaskResult, TaskStatus } from '../workflows/task-outcome.js';

export interface BranchHookBody {
  task_id: string;
  branch: Branch;
  status: TaskStatus;
  result: TaskResult | null;
  chat: { id: string; channel_id: string; recipient_id: string; context: Record<string, unknown> };
}

/** What the hook activity gets from the workflow (CONTRACTS §4): never any credentials. */
export interface BranchHookInput {
  url: string;
  body: BranchHookBody;
  /** With `branch`, where the credentials are looked up; absent in tasks started before they were added. */
  slotId?: string;
  branch?: Branch;
}

/** Reads a slot's hook URL as trained, credentials included (the store; never workflow history). */
export interface BranchHookCredentialsReader {
  getBranchHookUrl(slotId: string, branch: Branch): Promise<string | undefined>;
}

/**
 * The URL to call: the stored one, with its credentials, when it is the same URL as the task's
 * once those are stripped; otherwise the task's own URL. So credentials only ever go to the host
 * the task was trained to call, even if the slot was retrained with another hook since.
 */
export async function hookUrlWithCredentials(
  input: BranchHookInput,
  reader: BranchHookCredentialsReader | undefined,
): Promise<string> {
  if (!reader || input.slotId === undefined || input.branch === undefined) return input.url;
  const stored = await reader.getBranchHookUrl(input.slotId, input.branch);
  return stored !== undefined && stored !== input.url && stripCredentials(stored) === input.url
    ? stored
    : input.url;
}

export async function postBranchHook(
  url: string,
  body: BranchHookBody,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<void> {
  const { target, authorization } = splitCredentials(url);
  let response: Response;
  try {
    // A 3xx is a failed hook (retried like a 5xx): the Basic credentials never follow a redirect.
    response = await fetchImpl(
      target,
      withoutRedirects({
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': `${body.task_id}:${body.branch}`,
          ...(authorization ? { Authorization: authorization } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      }),
    );
  } catch (err) {
    // The error text of fetch may quote the URL; the failure lands in workflow history, so it must not.
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    throw new Error(`branch hook not reached: ${typeof code === 'string' ? code : (err as Error).name}`);
  }
  await response.body?.cancel();
  if (!response.ok) throw new Error(`branch hook answered HTTP ${response.status}`);
}

/**
 * `https://user:token@host/…` is a common way to give a hook its credentials, but fetch refuses
 * URLs with credentials: they move into a Basic Authorization header instead.
 */
function splitCredentials(url: string): { target: string; authorization?: string } {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { target: url };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  return {
    target: stripCredentials(url),
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}
