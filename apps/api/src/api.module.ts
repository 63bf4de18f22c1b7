import { DynamicModule, Module } from '@nestjs/common';

import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule, LoggingModule } from '@app/observability';
import { RedisModule } from '@app/redis';

/**
 * The HTTP API. `env` overrides single environment variables (tests pass
 * their own database and Redis prefix).
 */
@Module({})
export class ApiModule {
  static forRoot(env: Record<string, string | undefined> = {}): DynamicModule {
    return {
      module: ApiModule,
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
