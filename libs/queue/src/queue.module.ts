import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';

import { AppConfig } from '@app/config';

import { CAPTURE_QUEUE, INVENTORY_QUEUE } from './queue-names';

/**
 * Bull on the configured Redis, every key under `<REDIS_PREFIX>:bull`.
 * Registers the queues so any process can add jobs; only processes that
 * also provide the consumers take jobs (the worker). The lock and stall
 * settings decide how soon a dead worker's jobs run again.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        redis: config.redisUrl,
        prefix: `${config.redisPrefix}:bull`,
        settings: {
          lockDuration: config.queueLockDurationMs,
          lockRenewTime: Math.floor(config.queueLockDurationMs / 3),
          stalledInterval: config.queueStalledIntervalMs,
          maxStalledCount: 5,
        },
      }),
    }),
    BullModule.registerQueue(
      { name: CAPTURE_QUEUE },
      { name: INVENTORY_QUEUE },
    ),
  ],
  exports: [BullModule],
})
export class QueueModule {}
