import type { WebhookResolution } from './types.js';

export interface LookupCacheOptions {
  /** How long an answer may be served without asking the database again. */
  ttlMs: number;
  /** Bound on remembered webhooks, so a flood of made-up webhooks cannot grow memory. */
  maxEntries: number;
  now?: () => number;
}

/**
 * Webhook → resolution, in memory. Staleness has two bounds: in this process every change that can
 * alter an answer (training, channel and company changes) calls `clear()` at once; changes made by
 * another replica sharing the PostgreSQL reach this one at the latest after `ttlMs`. A TTL was chosen
 * over polling a version counter: no timer, no query on the hot path, and the bound is one number to
 * document. Resolutions are deep-frozen: callers share them, and a snapshot must stay what was trained.
 */
export class LookupCache {
  readonly #entries = new Map<string, { value: WebhookResolution; expiresAt: number }>();
  #generation = 0;
  readonly #now: () => number;

  constructor(private readonly options: LookupCacheOptions) {
    this.#now = options.now ?? Date.now;
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
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
