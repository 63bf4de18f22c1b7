import { Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';

import { RedisConnection, RedisScript } from '@app/redis';

// One round trip: count the hit in a window that starts with the first.
const HIT = new RedisScript(`
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('PTTL', KEYS[1]) }`);

/**
 * Throttler counters in Redis, so every API process shares them: a user
 * or tenant has one budget however many instances serve it.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly redis: RedisConnection) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ) {
    const [hits, remainingMs] = (await HIT.run(
      this.redis.client,
      [this.redis.key('throttle', throttlerName, key)],
      [ttl],
    )) as [number, number];
    const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
    return {
      totalHits: hits,
      timeToExpire: seconds,
      isBlocked: hits > limit,
      timeToBlockExpire: hits > limit ? seconds : 0,
    };
  }
}
