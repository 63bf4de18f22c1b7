import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';

export const TEST_REDIS_URL =
  process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis key prefix of its own for one test file; `flush` removes its keys. */
export function testRedisPrefix(label = 'test'): {
  prefix: string;
  flush(): Promise<void>;
} {
  const prefix = `t:${label.replace(/\W/g, '_')}:${randomBytes(4).toString('hex')}`;
  return {
    prefix,
    async flush() {
      const redis = new Redis(TEST_REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(
            cursor,
            'MATCH',
            `${prefix}*`,
            'COUNT',
            500,
          );
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
