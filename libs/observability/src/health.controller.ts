import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorFunction,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';

import { Public } from '@app/identity';

import { HealthResultFilter } from './health-result.filter';
import { RedisHealthIndicator } from './redis.health';

/**
 * Extra readiness checks contributed by other modules (event store
 * connection, projection health), provided under this token as an array.
 */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

@ApiTags('ops')
@Public()
@UseFilters(HealthResultFilter)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    @Inject(READINESS_CHECKS)
    private readonly extra: HealthIndicatorFunction[],
  ) {}

  /** Cheap: the process is up and its event loop answers. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 1000 }),
      () => this.redis.isHealthy(),
      ...this.extra,
    ]);
  }
}
