import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { AppConfig } from '@app/config';

import { ProjectionHost } from '../projection-host';
import { ProjectionStatusService } from './projection-status';

/**
 * Readiness of the read side: down when a projection of this process has
 * stopped or its oldest unapplied event is older than
 * `PROJECTION_MAX_LAG_SECONDS`.
 */
@Injectable()
export class ProjectionsHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly host: ProjectionHost,
    private readonly status: ProjectionStatusService,
    private readonly config: AppConfig,
  ) {}

  async isHealthy(key = 'projections') {
    const indicator = this.health.check(key);
    try {
      const problems: Record<string, string> = {};
      for (const projection of this.host.projections()) {
        const lag = await this.status.lagOf(projection);
        if (lag.state === 'stopped') {
          problems[projection.name] = `stopped: ${lag.error ?? 'unknown'}`;
        } else if (lag.lagSeconds > this.config.projectionMaxLagSeconds) {
          problems[projection.name] = `${lag.lagSeconds} s behind`;
        }
      }
      return Object.keys(problems).length === 0
        ? indicator.up()
        : indicator.down(problems);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
