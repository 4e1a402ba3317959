/**
 * Per-company request rate limit (SPEC section 3, row 3): a token bucket that holds one second's
 * worth of requests and refills continuously, so a company may burst up to its per-second limit.
 */

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until a token is available (the `Retry-After` header); 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** `bucket` is a company id, or `strangerBucket(companyId)` for requests naming no live slot. */
  take(bucket: number | string, perSecond: number): Promise<RateDecision>;
}

/**
 * SPEC §3 "Rate limit and strangers": requests whose webhook names an existing company but no live
 * slot are charged here, never to the company's own bucket, so made-up webhooks cannot use up the
 * limit of the company's real integrator.
 */
export function strangerBucket(companyId: number): string {
  return `stranger:${companyId}`;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** The single-process limiter; several API replicas share one limit through the Redis limiter. */
export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<number | string, Bucket>();
  return {
    take(key, perSecond) {
      const at = now();
      const bucket = buckets.get(key) ?? { tokens: perSecond, updatedAt: at };
      bucket.tokens = Math.min(perSecond, bucket.tokens + ((at - bucket.updatedAt) / 1000) * perSecond);
      bucket.updatedAt = at;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Promise.resolve({ allowed: true, retryAfterSeconds: 0 });
      }
      const waitSeconds = (1 - bucket.tokens) / perSecond;
      return Promise.resolve({ allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) });
    },
  };
}
