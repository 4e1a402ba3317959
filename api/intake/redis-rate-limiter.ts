/**
 * The per-company token bucket kept in Redis (`REDIS_URL`), so several API replicas enforce one
 * limit. The bucket is updated by one Lua script, atomically, on Redis's own clock (replica clocks
 * may disagree). If Redis cannot be reached the replica falls back to its own in-memory bucket and
 * says so in the logs: rate limiting protects the channel, it must not refuse integrators by itself.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../../lib/logger.js';
import { createMemoryRateLimiter, type RateDecision, type RateLimiter } from './rate-limiter.js';

/** KEYS[1] = bucket; ARGV[1] = tokens per second. Returns {allowed (0|1), seconds until a token}. */
const TAKE_TOKEN = `
local rate = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(bucket[1]) or rate
local ts = tonumber(bucket[2]) or now
tokens = math.min(rate, tokens + math.max(0, now - ts) / 1000 * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], 5000)
return {allowed, tostring((1 - tokens) / rate)}
`;

export interface RedisRateLimiter extends RateLimiter {
  close(): Promise<void>;
}

export function createRedisRateLimiter(
  url: string,
  logger: Logger,
  keyPrefix = 'wa-notify:rate:',
): RedisRateLimiter {
  // Fail fast instead of queueing commands while Redis is away: the fallback answers meanwhile.
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined); // reported once per fallback below, not per reconnect attempt
  const fallback = createMemoryRateLimiter();
  let degraded = false;
  const connected = redis.connect().then(
    () => true,
    () => false,
  );
  return {
    async take(key, perSecond): Promise<RateDecision> {
      try {
        // The first requests may come before the connection is up; wait a little, never long.
        if (redis.status !== 'ready') await Promise.race([connected, new Promise((r) => setTimeout(r, 500))]);
        const [allowed, wait] = (await redis.eval(TAKE_TOKEN, 1, `${keyPrefix}${key}`, perSecond)) as [
          number,
          string,
        ];
        if (degraded) logger.info('rate limits shared through Redis again');
        degraded = false;
        return {
          allowed: allowed === 1,
          retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(Number(wait))),
        };
      } catch (err) {
        if (!degraded)
          logger.warn('Redis unreachable: rate limits are per replica until it is back', { err });
        degraded = true;
        return fallback.take(key, perSecond);
      }
    },
    async close() {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
