import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';

import { RedisScript } from '@app/redis';

import { abortableSleep } from '../abortable-sleep';
import { GraphClientHooks } from '../graph-client-options';
import { SLIDING_WINDOW_LUA } from './sliding-window.lua';
import { TenantRateLimiter } from './tenant-rate-limiter';

const SLIDING_WINDOW = new RedisScript(SLIDING_WINDOW_LUA);

/** Longest single nap; the script is asked again after it. */
const MAX_NAP_MS = 1_000;

export interface RedisRateLimiterOptions {
  readonly limit: number;
  readonly windowMs: number;
  /** Builds the tenant's key, e.g. `${prefix}:graph-rate:${tenantId}`. */
  readonly keyFor: (tenantId: string) => string;
  readonly hooks?: GraphClientHooks;
}

/**
 * The tenant budget kept in Redis, so all workers of all hosts share it:
 * at most `limit` requests per tenant in any `windowMs`.
 */
export class RedisRateLimiter extends TenantRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisRateLimiterOptions,
  ) {
    super();
  }

  async acquire(tenantId: string, signal?: AbortSignal): Promise<void> {
    const key = this.options.keyFor(tenantId);
    let waited = 0;
    for (;;) {
      const waitMs = await this.tryTake(key);
      if (waitMs === 0) break;
      // A little jitter so waiting workers do not all ask at once.
      const nap = Math.min(waitMs, MAX_NAP_MS) + Math.floor(Math.random() * 10);
      await abortableSleep(nap, signal);
      waited += nap;
    }
    if (waited > 0) {
      this.options.hooks?.onRateLimitWait?.({ tenantId, delayMs: waited });
    }
  }

  private async tryTake(key: string): Promise<number> {
    const waitMs = await SLIDING_WINDOW.run(
      this.redis,
      [key],
      [this.options.limit, this.options.windowMs, randomUUID()],
    );
    return Number(waitMs);
  }
}
