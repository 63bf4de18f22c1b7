import { createHash } from 'node:crypto';

import type { Redis } from 'ioredis';

/**
 * A Lua script sent by its SHA-1 (EVALSHA), so Redis neither receives nor
 * hashes the source on every call; the source goes once per server, when
 * the server answers NOSCRIPT (first use, or after a restart or flush).
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(
    redis: Redis,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
