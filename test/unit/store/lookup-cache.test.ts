import { describe, expect, it } from 'vitest';
import { LookupCache } from '../../../store/lookup-cache.js';
import type { WebhookResolution } from '../../../store/index.js';

const notFound: WebhookResolution = { outcome: 'company_not_found' };
const found = (id: number): WebhookResolution => ({
  outcome: 'notification_not_found',
  company: { id, rateLimitPerSecond: 20 },
});

describe('lookup cache', () => {
  it('forgets an answer after its TTL', () => {
    let now = 1_000;
    const cache = new LookupCache({ ttlMs: 5_000, maxEntries: 10, now: () => now });
    cache.set('w', found(1), cache.generation);
    now += 4_999;
    expect(cache.get('w')).toEqual(found(1));
    now += 1;
    expect(cache.get('w')).toBeUndefined();
  });

  it('does not keep an answer read before a clear(): a lookup racing a training cannot resurrect old data', () => {
    const cache = new LookupCache({ ttlMs: 5_000, maxEntries: 10 });
    const generation = cache.generation;
    cache.clear();
    expect(cache.set('w', notFound, generation)).toEqual(notFound);
    expect(cache.get('w')).toBeUndefined();
  });

  it('drops the oldest entry beyond its bound', () => {
    const cache = new LookupCache({ ttlMs: 5_000, maxEntries: 2 });
    for (const w of ['a', 'b', 'c']) cache.set(w, notFound, cache.generation);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, notFound, notFound]);
  });

  it('caches nothing with a TTL of 0', () => {
    const cache = new LookupCache({ ttlMs: 0, maxEntries: 2 });
    cache.set('a', notFound, cache.generation);
    expect(cache.get('a')).toBeUndefined();
  });
});
