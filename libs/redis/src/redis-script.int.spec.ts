import { createHash, randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import { TEST_REDIS_URL, testRedisPrefix } from '@app/testing';

import { RedisScript } from './redis-script';

describe('RedisScript', () => {
  const keys = testRedisPrefix('redis-script');
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    await keys.flush();
    redis.disconnect();
  });

  it('loads a script the server has not seen, then runs it by its hash', async () => {
    // A source no server has cached yet: the first call meets NOSCRIPT.
    const source = `-- ${randomUUID()}
return redis.call('INCRBY', KEYS[1], ARGV[1])`;
    const sha = createHash('sha1').update(source).digest('hex');
    const script = new RedisScript(source);
    const key = `${keys.prefix}:counter`;

    expect(await redis.script('EXISTS', sha)).toEqual([0]);
    expect(await script.run(redis, [key], [2])).toBe(2);
    expect(await redis.script('EXISTS', sha)).toEqual([1]);
    expect(await script.run(redis, [key], [3])).toBe(5);
  });

  it('passes errors other than NOSCRIPT on', async () => {
    const script = new RedisScript(`return redis.call('INCR', KEYS[1])`);
    const key = `${keys.prefix}:text`;
    await redis.set(key, 'not a number');

    await expect(script.run(redis, [key], [])).rejects.toThrow(
      /not an integer/,
    );
  });
});
