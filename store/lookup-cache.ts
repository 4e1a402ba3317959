import type { CompanyView, WebhookResolution } from './types.js';

export interface LookupCacheOptions {
  /** How long an answer may be served without asking the database again. */
  ttlMs: number;
  /** Bound on remembered webhooks, so a flood of made-up webhooks cannot grow memory. */
  maxEntries: number;
  now?: () => number;
}

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
    const entry = this.#entries.get(webhook);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(webhook);
      return undefined;
    }
    return entry.value;
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
 * and evicts nothing. It is current within `refreshMs`: past that, one cheap version query (shared
 * by all requests waiting) decides whether to reload; a local change (`clear()`) reloads at once.
 */
export class KnownWebhooksHolder {
  #known: KnownWebhooks | undefined;
  #checkedAt = 0;
  #generation = -1;
  #refreshing: Promise<KnownWebhooks> | undefined;

  constructor(
    private readonly cache: LookupCache,
    private readonly refreshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The known set, refreshed first when it may be stale. */
  async current(load: {
    version(): Promise<string>;
    everything(version: string): Promise<KnownWebhooks>;
  }): Promise<KnownWebhooks> {
    const fresh =
      this.#known &&
      this.#generation === this.cache.generation &&
      this.now() - this.#checkedAt < this.refreshMs;
    if (fresh && this.#known) return this.#known;
    this.#refreshing ??= this.#refresh(load).finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refresh(load: {
    version(): Promise<string>;
    everything(version: string): Promise<KnownWebhooks>;
  }): Promise<KnownWebhooks> {
    const generation = this.cache.generation;
    const checkedAt = this.now();
    const version = await load.version();
    const unchanged = this.#known?.version === version && this.#generation === generation;
    const known = unchanged && this.#known ? this.#known : deepFreeze(await load.everything(version));
    this.#known = known;
    this.#checkedAt = checkedAt;
    this.#generation = generation;
    return known;
  }
}
