import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';

import { AppConfig } from '@app/config';

import { CAPTURE_QUEUE, INVENTORY_QUEUE } from './queue-names';

/**
 * Bull on the configured Redis, every key under `<REDIS_PREFIX>:bull`.
 * Registers the queues so any process can add jobs; only processes that
 * also provide the processors consume them (the worker).
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        redis: config.redisUrl,
        prefix: `${config.redisPrefix}:bull`,
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
