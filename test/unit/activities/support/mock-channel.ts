import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { SendPolicy } from '../../../../activities/d360-send.js';
import { sendToChannel } from '../../../../activities/d360-send.js';
import { messagesPath } from '../../../../activities/template-request.js';
import { startMock360dialog } from '../../../../tools/mock-360dialog/index.js';
import type { Mock360dialog, RecordedRequest } from '../../../../tools/mock-360dialog/index.js';
import type { ChannelKind } from '../../../../workflows/slot-snapshot.js';
import type { SendResult } from '../../../../workflows/task-outcome.js';

export const CLOUD_KEY = 'cloud-key-activities';
export const ONPREM_KEY = 'onprem-key-activities';

/** The API key the mock knows for each channel flavour. */
export const keyOf = (kind: ChannelKind): string => (kind === '360dialog-cloud' ? CLOUD_KEY : ONPREM_KEY);

/** Fast enough for tests, same shape as production: retries, exponential backoff, a cap. */
export const fastPolicy: SendPolicy = { timeoutMs: 1_000, maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 };

/** A sleep that really waits and remembers every delay it was asked for. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  const sleep = (ms: number) => {
    delays.push(ms);
    return new Promise<void>((resolve) => setTimeout(resolve, ms));
  };
  return { sleep, delays };
}

/** One mock per test file; before each test it is reset and gets one Cloud and one On-Premise key. */
export function useMock(): { readonly mock: Mock360dialog } {
  const holder = {} as { mock: Mock360dialog };
  beforeAll(async () => {
    holder.mock = await startMock360dialog({ port: 0 });
  });
  afterAll(async () => {
    await holder.mock.stop();
  });
  beforeEach(async () => {
    await holder.mock.control.reset();
    await holder.mock.control.registerKey({ key: CLOUD_KEY, flavour: 'cloud' });
    await holder.mock.control.registerKey({ key: ONPREM_KEY, flavour: 'onprem' });
  });
  return holder;
}

export interface SendOptions {
  key?: string;
  path?: string;
  policy?: Partial<SendPolicy>;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, why: string, delayMs: number) => void;
}

/** `sendToChannel` against the mock on the flavour's own path with the flavour's key. */
export function sendToMock(
  mock: Mock360dialog,
  kind: ChannelKind,
  payload: unknown,
  options: SendOptions = {},
): Promise<SendResult> {
  return sendToChannel({
    url: `${mock.url}${options.path ?? messagesPath(kind)}`,
    apiKey: options.key ?? keyOf(kind),
    payload,
    policy: { ...fastPolicy, ...options.policy },
    fetch,
    sleep: options.sleep ?? recordingSleep().sleep,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
}

/** The only request the mock recorded on `path`; fails when there were none or several. */
export async function onlyRequest(mock: Mock360dialog, path: string): Promise<RecordedRequest> {
  const requests = await mock.control.requests({ path });
  expect(requests).toHaveLength(1);
  return requests[0] as RecordedRequest;
}

/** Narrows a SendResult to the expected kind, failing with the whole result otherwise. */
export function expectKind<K extends SendResult['kind']>(
  result: SendResult,
  kind: K,
): Extract<SendResult, { kind: K }> {
  if (result.kind !== kind) throw new Error(`expected ${kind}, got ${JSON.stringify(result)}`);
  return result as Extract<SendResult, { kind: K }>;
}
