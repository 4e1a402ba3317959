import { describe, expect, it } from 'vitest';
import { LookupCache, type KnownWebhooks } from '../../../store/lookup-cache.js';
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

describe('lookup cache: refreshed ahead of expiry (REFRESH_AHEAD)', () => {
  it('asks for a refresh only in the last quarter of an answer’s TTL, and never serves it after', () => {
    let now = 0;
    const cache = new LookupCache({ ttlMs: 4_000, maxEntries: 10, now: () => now });
    cache.set('w', found(1), cache.generation);
    now = 2_999;
    expect(cache.peek('w')).toEqual({ value: found(1), refreshAhead: false });
    now = 3_000;
    expect(cache.peek('w')).toEqual({ value: found(1), refreshAhead: true });
    now = 4_000;
    expect(cache.peek('w')).toBeUndefined();
  });

  it('replaces a refreshed entry in place: at the bound, it evicts no other webhook', () => {
    const cache = new LookupCache({ ttlMs: 5_000, maxEntries: 2 });
    cache.set('a', found(1), cache.generation);
    cache.set('b', found(2), cache.generation);
    cache.set('a', found(3), cache.generation);
    expect([cache.get('a'), cache.get('b')]).toEqual([found(3), found(2)]);
  });
});

describe('known set (strangers): refreshed ahead, never joined across a local change', () => {
  const known = (version: string): KnownWebhooks => ({ version, companies: new Map(), live: new Map() });

  /** A loader whose version queries wait until released, counting them. */
  function heldLoader() {
    let version = 'v1';
    const waiting: (() => void)[] = [];
    const loader = {
      versions: 0,
      held: true,
      setVersion: (v: string) => void (version = v),
      release: () => waiting.splice(0).forEach((go) => go()),
      version: async () => {
        loader.versions += 1;
        const asked = version;
        if (loader.held) await new Promise<void>((go) => waiting.push(go));
        return asked;
      },
      everything: (v: string) => Promise.resolve(known(v)),
    };
    return loader;
  }

  it('answers from memory in the last quarter and refreshes in the background; past refreshMs it waits', async () => {
    let now = 0;
    const cache = new LookupCache({ ttlMs: 1_000, maxEntries: 10, now: () => now });
    const loader = heldLoader();
    loader.held = false;
    expect((await cache.known.current(loader)).version).toBe('v1');
    expect(loader.versions).toBe(1);

    now = 700; // fresh: no query at all
    await cache.known.current(loader);
    expect(loader.versions).toBe(1);

    now = 800; // last quarter: answered at once although the version query is held
    loader.held = true;
    loader.setVersion('v2');
    expect((await cache.known.current(loader)).version).toBe('v1');
    expect((await cache.known.current(loader)).version).toBe('v1');
    expect(loader.versions).toBe(2); // one background refresh, shared
    loader.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await cache.known.current(loader)).version).toBe('v2');

    now = 800 + 1_000; // expired: the request waits for the refresh
    let answered = false;
    const waiting = cache.known.current(loader).then((k) => ((answered = true), k));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    loader.release();
    expect((await waiting).version).toBe('v2');
  });

  it('after clear(), a request does not join a refresh that began before it', async () => {
    let now = 0;
    const cache = new LookupCache({ ttlMs: 1_000, maxEntries: 10, now: () => now });
    const loader = heldLoader();
    loader.held = false;
    await cache.known.current(loader);
    now = 800;
    loader.held = true;
    await cache.known.current(loader); // starts a background refresh, held, that reads 'v1'
    cache.clear(); // a local training: the data that refresh may have read is old
    loader.setVersion('v2');
    const after = cache.known.current(loader);
    expect(loader.versions).toBe(3); // a refresh of its own
    loader.release();
    expect((await after).version).toBe('v2');
    // And the overtaken refresh did not overwrite the newer set.
    expect((await cache.known.current(loader)).version).toBe('v2');
  });
});
