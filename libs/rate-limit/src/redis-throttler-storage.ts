import { Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';

import { RedisConnection, RedisScript } from '@app/redis';

/**
 * Counts a hit in each budget in order, in a window that starts with the
 * budget's first hit, and stops at the first budget the hit exceeds: a
 * request refused by one budget is not charged to the later ones.
 * ARGV holds each budget's window (ms) and limit.
 */
const HIT_ALL = new RedisScript(`
local counted = {}
for i, key in ipairs(KEYS) do
  local hits = redis.call('INCR', key)
  if hits == 1 then redis.call('PEXPIRE', key, ARGV[2 * i - 1]) end
  counted[i] = { hits, redis.call('PTTL', key) }
  if hits > tonumber(ARGV[2 * i]) then break end
end
return counted`);

/** One budget a request is charged to. */
export interface BudgetHit {
  /** The throttler's name (`user`, `tenant`). */
  readonly name: string;
  /** Who is counted: the throttler's key for this route and tracker. */
  readonly key: string;
  readonly ttlMs: number;
  readonly limit: number;
}

/** A budget's count after a hit. */
export interface BudgetCount {
  readonly totalHits: number;
  /** Seconds until the budget's window ends. */
  readonly timeToExpire: number;
  readonly isBlocked: boolean;
  readonly timeToBlockExpire: number;
}

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
  ): Promise<BudgetCount> {
    const [count] = await this.incrementAll([
      { name: throttlerName, key, ttlMs: ttl, limit },
    ]);
    return count;
  }

  /**
   * Charges a hit to several budgets in one round trip, in order, up to
   * and including the first one it exceeds; the counts of the budgets
   * reached, in the same order.
   */
  async incrementAll(budgets: readonly BudgetHit[]): Promise<BudgetCount[]> {
    const counted = (await HIT_ALL.run(
      this.redis.client,
      budgets.map((b) => this.redis.key('throttle', b.name, b.key)),
      budgets.flatMap((b) => [b.ttlMs, b.limit]),
    )) as Array<[number, number]>;
    return counted.map(([hits, remainingMs], i) => {
      const seconds = Math.max(0, Math.ceil(remainingMs / 1000));
      const isBlocked = hits > budgets[i].limit;
      return {
        totalHits: hits,
        timeToExpire: seconds,
        isBlocked,
        timeToBlockExpire: isBlocked ? seconds : 0,
      };
    });
  }
}
