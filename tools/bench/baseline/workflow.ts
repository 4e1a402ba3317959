/**
 * The minimal pipeline the bench compares the service with (issue 14): start, one activity that
 * POSTs the same template to the mock, and the first status callback signalled straight to the
 * workflow by `biz_opaque_callback_data`. No chat, no store, no build: the floor for this work.
 */
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createBaselineActivities } from './activities.js';

export const baselineStatusSignal = defineSignal<[string]>('baselineStatus');

const { baselineSend } = proxyActivities<ReturnType<typeof createBaselineActivities>>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 1 },
});

export async function baselineWorkflow(input: { recipient: string }): Promise<string> {
  let status: string | undefined;
  setHandler(baselineStatusSignal, (value) => void (status ??= value));
  await baselineSend(input);
  await condition(() => status !== undefined, '24h');
  return status ?? 'timeout';
}
