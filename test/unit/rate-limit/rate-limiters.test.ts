/**
 * SPEC section 3 row 3: the per-company token bucket, in memory and shared through a real Redis by
 * several API replicas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../../api/intake/rate-limiter.js';
import { createRedisRateLimiter, type RedisRateLimiter } from '../../../api/intake/redis-rate-limiter.js';
import { createMemoryLogger } from '../../../lib/logger.js';
import { freePort } from '../../../embedded/temporal/free-port.js';
import { startRedis } from '../../support/redis.js';

describe('in-memory token bucket', () => {
  it('allows a burst of the per-second limit, then refills continuously', async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter(() => now);
    const burst = await Promise.all(Array.from({ length: 6 }, () => limiter.take(13, 5)));
    expect(burst.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(burst[5]?.retryAfterSeconds).toBe(1);
    now += 200; // a fifth of a second refills one token at 5/s
    expect((await limiter.take(13, 5)).allowed).toBe(true);
    expect((await limiter.take(13, 5)).allowed).toBe(false);
  });

  it('keeps one bucket per company', async () => {
    const limiter = createMemoryRateLimiter(() => 0);
    expect((await limiter.take(13, 1)).allowed).toBe(true);
    expect((await limiter.take(13, 1)).allowed).toBe(false);
    expect((await limiter.take(14, 1)).allowed).toBe(true);
  });
});

describe('Redis token bucket shared by replicas', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  const limiters: RedisRateLimiter[] = [];
  const replica = () => {
    const limiter = createRedisRateLimiter(redis.url, createMemoryLogger(), `test-${Math.random()}:`);
    limiters.push(limiter);
    return limiter;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(limiters.map((l) => l.close()));
    await redis?.stop();
  });

  it('enforces one limit across two replicas', async () => {
    const prefix = `shared-${Date.now()}:`;
    const logger = createMemoryLogger();
    const a = createRedisRateLimiter(redis.url, logger, prefix);
    const b = createRedisRateLimiter(redis.url, logger, prefix);
    limiters.push(a, b);
    const decisions = [];
    for (let i = 0; i < 10; i++) decisions.push(await (i % 2 === 0 ? a : b).take(13, 5));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds === 1)).toBe(true);
    expect(logger.lines.filter((l) => l.includes('"level":"warn"'))).toEqual([]);
  });

  it('refills with time on the Redis clock', async () => {
    const limiter = replica();
    expect((await limiter.take(21, 2)).allowed).toBe(true);
    expect((await limiter.take(21, 2)).allowed).toBe(true);
    expect((await limiter.take(21, 2)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 600));
    expect((await limiter.take(21, 2)).allowed).toBe(true);
  });

  it('falls back to a per-replica bucket, and says so, when Redis is unreachable', async () => {
    const logger = createMemoryLogger();
    const offline = createRedisRateLimiter(`redis://127.0.0.1:${await freePort()}`, logger);
    limiters.push(offline);
    const decisions = [await offline.take(13, 1), await offline.take(13, 1)];
    expect(decisions.map((d) => d.allowed)).toEqual([true, false]);
    expect(logger.lines.filter((l) => l.includes('Redis unreachable'))).toHaveLength(1);
  });
});
