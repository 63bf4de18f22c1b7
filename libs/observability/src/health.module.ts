import { DynamicModule, Module, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { HealthController, READINESS_CHECKS } from './health.controller';
import { ReadinessIndicator } from './readiness-indicator';
import { RedisHealthIndicator } from './redis.health';

export interface HealthModuleOptions {
  /**
   * Readiness indicators beyond PostgreSQL and Redis (event store,
   * projections), provided by modules this process imports.
   */
  readonly readiness?: Type<ReadinessIndicator>[];
}

/** `/health/live` and `/health/ready`. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    const readiness = options.readiness ?? [];
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0 })],
      controllers: [HealthController],
      providers: [
        RedisHealthIndicator,
        {
          provide: READINESS_CHECKS,
          inject: readiness,
          useFactory: (...indicators: ReadinessIndicator[]) =>
            indicators.map((indicator) => () => indicator.isHealthy()),
        },
      ],
    };
  }
}
