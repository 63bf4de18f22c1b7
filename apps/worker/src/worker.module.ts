import { DynamicModule, Module } from '@nestjs/common';

import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule, LoggingModule } from '@app/observability';
import { RedisModule } from '@app/redis';

/**
 * The worker process: capture jobs, saga and projections. Serves its own
 * health endpoints on `PORT` so orchestrators can probe it.
 */
@Module({})
export class WorkerModule {
  static forRoot(env: Record<string, string | undefined> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggingModule,
        DatabaseModule,
        RedisModule,
        HealthModule,
      ],
    };
  }
}
