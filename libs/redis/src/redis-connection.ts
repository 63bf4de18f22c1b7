import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

import { AppConfig } from '@app/config';

/**
 * The process's shared Redis connection for the service's own keys (rate
 * limits, health). Bull opens its own connections. Every key the service
 * writes goes through {@link RedisConnection.key} so a prefix isolates
 * deployments and test files.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(private readonly config: AppConfig) {
    this.client = new Redis(config.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 3,
      enableOfflineQueue: true,
    });
    // Connection errors surface through commands and the readiness check.
    this.client.on('error', () => undefined);
  }

  key(...parts: string[]): string {
    return [this.config.redisPrefix, ...parts].join(':');
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client.status !== 'end') this.client.disconnect();
  }
}
