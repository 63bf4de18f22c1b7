import { loadAppConfig } from '@app/config';
import { RedisConnection } from '@app/redis';
import { TEST_REDIS_URL, testRedisPrefix } from '@app/testing';

import { RedisThrottlerStorage } from './redis-throttler-storage';

describe('RedisThrottlerStorage', () => {
  const keys = testRedisPrefix('throttler-storage');
  let redis: RedisConnection;
  let storage: RedisThrottlerStorage;

  beforeAll(() => {
    redis = new RedisConnection(
      loadAppConfig({ REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: keys.prefix }),
    );
    storage = new RedisThrottlerStorage(redis);
  });

  afterAll(async () => {
    await keys.flush();
    await redis.onApplicationShutdown();
  });

  const budgets = (user: string, tenant: string) => [
    { name: 'user', key: user, ttlMs: 60_000, limit: 2 },
    { name: 'tenant', key: tenant, ttlMs: 60_000, limit: 3 },
  ];

  it('charges every budget in order and reports what is left', async () => {
    const counts = await storage.incrementAll(budgets('alice', 't1'));

    expect(counts.map((c) => [c.totalHits, c.isBlocked])).toEqual([
      [1, false],
      [1, false],
    ]);
    for (const count of counts) {
      expect(count.timeToExpire).toBeGreaterThan(55);
      expect(count.timeToExpire).toBeLessThanOrEqual(60);
    }
  });

  it('stops at the first exceeded budget: later ones are not charged', async () => {
    await storage.incrementAll(budgets('bob', 't2'));
    await storage.incrementAll(budgets('bob', 't2'));

    const refused = await storage.incrementAll(budgets('bob', 't2'));

    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ totalHits: 3, isBlocked: true });
    expect(refused[0].timeToBlockExpire).toBeGreaterThan(0);
    expect(await redis.client.get(redis.key('throttle', 'tenant', 't2'))).toBe(
      '2',
    );
    // Another user of the tenant is refused by the tenant's budget.
    const [user, tenant] = await storage.incrementAll(budgets('carol', 't2'));
    expect(user.isBlocked).toBe(false);
    expect(tenant).toMatchObject({ totalHits: 3, isBlocked: false });
    const [, exhausted] = await storage.incrementAll(budgets('dave', 't2'));
    expect(exhausted).toMatchObject({ totalHits: 4, isBlocked: true });
  });

  it('serves the library guard one budget at a time', async () => {
    const count = await storage.increment('erin', 60_000, 1, 60_000, 'user');
    const again = await storage.increment('erin', 60_000, 1, 60_000, 'user');

    expect(count).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(again).toMatchObject({ totalHits: 2, isBlocked: true });
  });
});
