import { HealthIndicatorResult } from '@nestjs/terminus';

/** A dependency whose health decides readiness. */
export interface ReadinessIndicator {
  isHealthy(): Promise<HealthIndicatorResult>;
}
