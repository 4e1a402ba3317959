import type { CompanyView, WebhookResolution } from './types.js';

export interface LookupCacheOptions {
  /** How long an answer may be served without asking the database again. */
  ttlMs: number;
  /** Bound on remembered webhooks, so a flood of made-up webhooks cannot grow memory. */
  maxEntries: number;
  now?: () => number;
}

/**
 * The share of an answer's lifetime after which a request that reads it also refreshes it in the
 * background. Under steady traffic the fresh answer is in place before the old one expires, so no
 * mailing request waits for a lookup query: at 100 requests/s with the pipeline running on
 * `npm start`'s two threads, the request that found the known set or its webhook's answer just
 * expired waited 10–46 ms for the query behind the worker's statements, a handful of requests every
 * second, among the slowest of that load (README, Benchmark). Staleness bounds are unchanged:
 * nothing is served past its TTL.
 */
export const REFRESH_AHEAD = 0.75;

/**
 * Live webhook → resolution, in memory (made-up webhooks never get an entry: `KnownWebhooksHolder`
 * answers them). Staleness has two bounds: in this process every change that can
 * alter an answer (training, channel and company changes) calls `clear()` at once; changes made by
 * another replica sharing the PostgreSQL reach this one at the latest after `ttlMs` (a channel
 * deactivated there), or within a second for what the known set covers (a training, a company).
 * Resolutions are deep-frozen: callers share them, and a snapshot must stay what was trained.
 */
export class LookupCache {
  readonly #entries = new Map<string, { value: WebhookResolution; expiresAt: number }>();
  /** Queries in flight per webhook: requests arriving together share one (per generation). */
  readonly #resolving = new Map<string, { generation: number; answer: Promise<WebhookResolution> }>();
  #generation = 0;
  readonly #now: () => number;

  /** Companies and live webhooks, for answering strangers from memory. */
  readonly known: KnownWebhooksHolder;

  constructor(private readonly options: LookupCacheOptions) {
    this.#now = options.now ?? Date.now;
    // A new training elsewhere is seen within a second at most, whatever the TTL of answers.
    this.known = new KnownWebhooksHolder(this, Math.min(options.ttlMs, 1000), this.#now);
  }

  get(webhook: string): WebhookResolution | undefined {
    return this.peek(webhook)?.value;
  }

  /**
   * The answer while it is within its TTL, and whether it is old enough to be refreshed ahead of
   * its expiry (`REFRESH_AHEAD`): the caller answers from it and refreshes in the background.
   */
  peek(webhook: string): { value: WebhookResolution; refreshAhead: boolean } | undefined {
    const entry = this.#entries.get(webhook);
    if (!entry) return undefined;
    const left = entry.expiresAt - this.#now();
    if (left <= 0) {
      this.#entries.delete(webhook);
      return undefined;
    }
    return { value: entry.value, refreshAhead: left <= this.options.ttlMs * (1 - REFRESH_AHEAD) };
  }

  /**
   * A live webhook's answer: from memory within its TTL (and refreshed in the background once it
   * is past `REFRESH_AHEAD` of it), otherwise from `load`. A failed background refresh is tried
   * again by the next request that reads the answer; past its expiry the request waits for it.
   */
  resolve(webhook: string, load: () => Promise<WebhookResolution>): Promise<WebhookResolution> {
    const cached = this.peek(webhook);
    if (!cached) return this.#loadOnce(webhook, load);
    if (cached.refreshAhead) this.#loadOnce(webhook, load).catch(() => undefined);
    return Promise.resolve(cached.value);
  }

  #loadOnce(webhook: string, load: () => Promise<WebhookResolution>): Promise<WebhookResolution> {
    const generation = this.#generation;
    const running = this.#resolving.get(webhook);
    if (running?.generation === generation) return running.answer;
    const answer = load()
      .then((value) => this.set(webhook, value, generation))
      .finally(() => {
        if (this.#resolving.get(webhook)?.answer === answer) this.#resolving.delete(webhook);
      });
    this.#resolving.set(webhook, { generation, answer });
    return answer;
  }

  /** Read before querying, pass to `set`: an answer read before a `clear()` is not cached after it. */
  get generation(): number {
    return this.#generation;
  }

  /** How long an answer may be served without asking the database again (0 = never cached). */
  get ttlMs(): number {
    return this.options.ttlMs;
  }

  set(webhook: string, value: WebhookResolution, generation: number): WebhookResolution {
    const frozen = deepFreeze(value);
    if (generation !== this.#generation || this.options.ttlMs <= 0) return frozen;
    // A refreshed entry replaces itself (and moves to the young end); it evicts nothing.
    this.#entries.delete(webhook);
    if (this.#entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(webhook, { value: frozen, expiresAt: this.#now() + this.options.ttlMs });
    return frozen;
  }

  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}

function deepFreeze<T>(value: T): T {
  if (value instanceof Map) {
    for (const child of value.values()) deepFreeze(child);
    return value;
  }
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** How the known set is read: a cheap version first, everything only when it changed. */
export interface KnownLoader {
  version(): Promise<string>;
  everything(version: string): Promise<KnownWebhooks>;
}

/** What the service knows without asking per request: every company, and every live webhook's company. */
export interface KnownWebhooks {
  /** Changes whenever a company, a rate limit or a training changes (see `store/lookup.ts`). */
  version: string;
  companies: ReadonlyMap<number, CompanyView>;
  /** Live webhook → the company of the agent serving it. */
  live: ReadonlyMap<string, number>;
}

/**
 * The known set, held beside the cache. It answers made-up webhooks (no company, or no live slot)
 * without a query and without an entry in the cache, so a flood of them costs nothing per request
 * and evicts nothing. It is current within `refreshMs`: one cheap version query (shared by the
 * requests that need it) decides whether to reload, ahead of that under traffic; a local change
 * (`clear()`) reloads at once.
 */
export class KnownWebhooksHolder {
  #known: KnownWebhooks | undefined;
  #checkedAt = 0;
  #generation = -1;
  #refreshing: { generation: number; run: Promise<KnownWebhooks> } | undefined;

  constructor(
    private readonly cache: LookupCache,
    private readonly refreshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The known set: from memory while it is younger than `refreshMs` (and no local change cleared
   * it), refreshed in the background once it is past `REFRESH_AHEAD` of that; otherwise after a
   * refresh. Requests share one refresh per cache generation: one that began before a local change
   * is never joined after it, since it may have read the database before the change.
   */
  async current(load: KnownLoader): Promise<KnownWebhooks> {
    const generation = this.cache.generation;
    const known = this.#known;
    if (known && this.#generation === generation) {
      const age = this.now() - this.#checkedAt;
      if (age < this.refreshMs) {
        // A failed background refresh is retried by a later request, or by the one that must wait.
        if (age >= this.refreshMs * REFRESH_AHEAD) this.#refreshOnce(generation, load).catch(() => undefined);
        return known;
      }
    }
    return this.#refreshOnce(generation, load);
  }

  #refreshOnce(generation: number, load: KnownLoader): Promise<KnownWebhooks> {
    if (this.#refreshing?.generation === generation) return this.#refreshing.run;
    const run = this.#refresh(generation, load).finally(() => {
      if (this.#refreshing?.run === run) this.#refreshing = undefined;
    });
    this.#refreshing = { generation, run };
    return run;
  }

  async #refresh(generation: number, load: KnownLoader): Promise<KnownWebhooks> {
    const checkedAt = this.now();
    const version = await load.version();
    const unchanged = this.#known?.version === version && this.#generation === generation;
    const known = unchanged && this.#known ? this.#known : deepFreeze(await load.everything(version));
    // A refresh overtaken by a local change answers its own callers but is not kept.
    if (generation === this.cache.generation) {
      this.#known = known;
      this.#checkedAt = checkedAt;
      this.#generation = generation;
    }
    return known;
  }
}
