import { createMemoryRateLimiter, type RateLimiter } from '../api/intake/rate-limiter.js';
import { createRedisRateLimiter } from '../api/intake/redis-rate-limiter.js';
import type { Logger } from '../lib/logger.js';

/** REDIS_URL set: one limit shared by every API replica; unset: a bucket per process. */
export function configuredRateLimiter(
  redisUrl: string | undefined,
  logger: Logger,
): RateLimiter & { close(): Promise<void> } {
  if (redisUrl) return createRedisRateLimiter(redisUrl, logger);
  return Object.assign(createMemoryRateLimiter(), { close: () => Promise.resolve() });
}
