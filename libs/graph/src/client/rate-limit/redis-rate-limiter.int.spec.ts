import { Redis } from 'ioredis';

import { TEST_REDIS_URL, testRedisPrefix } from '@app/testing';

import { RedisRateLimiter } from './redis-rate-limiter';

describe('RedisRateLimiter', () => {
  const { prefix, flush } = testRedisPrefix('graph-rate');
  const redis = new Redis(TEST_REDIS_URL);
  const waits: number[] = [];

  function limiter(limit: number, windowMs: number) {
    return new RedisRateLimiter(redis, {
      limit,
      windowMs,
      keyFor: (tenantId) => `${prefix}:graph-rate:${tenantId}`,
      hooks: { onRateLimitWait: ({ delayMs }) => waits.push(delayMs) },
    });
  }

  afterAll(async () => {
    await flush();
    redis.disconnect();
  });

  describe('within the budget', () => {
    it('grants slots at once', async () => {
      const started = Date.now();
      const limit = limiter(5, 1000);

      for (let i = 0; i < 5; i++) await limit.acquire('tenant-free');

      expect(Date.now() - started).toBeLessThan(200);
    });
  });

  describe('over the budget', () => {
    it('makes callers wait for the window instead of failing', async () => {
      // Two limiters on one key stand for two workers.
      const workerA = limiter(4, 300);
      const workerB = limiter(4, 300);
      const grantedAt: number[] = [];
      const started = Date.now();

      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? workerA : workerB)
            .acquire('tenant-busy')
            .then(() => grantedAt.push(Date.now() - started)),
        ),
      );

      grantedAt.sort((a, b) => a - b);
      // 4 in the first window, 4 in the second, 2 in the third.
      expect(grantedAt[3]).toBeLessThan(250);
      expect(grantedAt[4]).toBeGreaterThanOrEqual(290);
      expect(grantedAt[8]).toBeGreaterThanOrEqual(590);
      expect(waits.length).toBeGreaterThan(0);
    });

    it('keeps tenants apart', async () => {
      const limit = limiter(1, 10_000);
      await limit.acquire('tenant-x');

      const started = Date.now();
      await limit.acquire('tenant-y');

      expect(Date.now() - started).toBeLessThan(200);
    });

    it('stops waiting when the caller aborts', async () => {
      const limit = limiter(1, 10_000);
      await limit.acquire('tenant-abort');

      await expect(
        limit.acquire('tenant-abort', AbortSignal.timeout(50)),
      ).rejects.toThrow();
    });
  });
});
