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
  take(companyId: number, perSecond: number): Promise<RateDecision>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** The single-process limiter; several API replicas share one limit through the Redis limiter. */
export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<number, Bucket>();
  return {
    take(companyId, perSecond) {
      const at = now();
      const bucket = buckets.get(companyId) ?? { tokens: perSecond, updatedAt: at };
      bucket.tokens = Math.min(perSecond, bucket.tokens + ((at - bucket.updatedAt) / 1000) * perSecond);
      bucket.updatedAt = at;
      buckets.set(companyId, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Promise.resolve({ allowed: true, retryAfterSeconds: 0 });
      }
      const waitSeconds = (1 - bucket.tokens) / perSecond;
      return Promise.resolve({ allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) });
    },
  };
}
