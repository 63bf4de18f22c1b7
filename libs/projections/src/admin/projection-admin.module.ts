import { DynamicModule, Module } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { ProjectionAdminController } from './projection-admin.controller';
import { ProjectionRebuilds } from './projection-rebuilds';
import { ProjectionStatusService } from './projection-status';
import { ProjectionsHealthIndicator } from './projections.health';

export interface ProjectionAdminOptions {
  /** Serve `/v1/admin/projections` (the API); off for the CLI and worker. */
  readonly routes: boolean;
}

/**
 * Projection support tooling: status, rebuild and verify, their routes,
 * and the projections readiness indicator (global, so `HealthModule` can
 * inject it). Needs `ProjectionsModule`, `EventStoreModule` and the
 * database.
 */
@Module({})
export class ProjectionAdminModule {
  static forRoot(options: ProjectionAdminOptions): DynamicModule {
    const services = [
      ProjectionStatusService,
      ProjectionRebuilds,
      ProjectionsHealthIndicator,
    ];
    return {
      module: ProjectionAdminModule,
      global: true,
      controllers: options.routes ? [ProjectionAdminController] : [],
      providers: [HealthIndicatorService, ...services],
      exports: services,
    };
  }
}
