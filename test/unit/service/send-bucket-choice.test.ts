import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../service/config.js';
import { sendBucketFor } from '../../../service/runtime.js';
import type { Store } from '../../../store/index.js';

/** Stands in for the store: only its identity is looked at. */
const store = {
  reserveSendSlot: () => Promise.reject(new Error('the store bucket was used')),
} as unknown as Store;
const reserve = (bucket: ReturnType<typeof sendBucketFor>, taskId: string) =>
  bucket.reserveSendSlot({ channelId: 'wa-1', taskId, ratePerSecond: 1 });

describe('which send bucket the worker uses', () => {
  it('on PostgreSQL: the store’s, shared by every worker process on the database', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' });
    expect(sendBucketFor(config, store)).toBe(store);
  });

  it('on the embedded engine (one process per data directory): one in memory, with the same rules', async () => {
    const bucket = sendBucketFor(loadConfig({}), store);
    expect(bucket).not.toBe(store);
    // Rate 1/s: the first send goes at once, the second is spaced out, as the store's bucket would.
    expect(await reserve(bucket, 'a')).toStrictEqual({ kind: 'go', waitMs: 0 });
    const second = await reserve(bucket, 'b');
    expect(second.kind === 'go' && second.waitMs).toBeGreaterThan(1000);
    expect(((await reserve(bucket, 'c')) as { kind: string }).kind).toBe('later');
  });
});
