import { DynamicModule, Module } from '@nestjs/common';

import { AuditModule } from '@app/audit';
import { BulkOperationsModule } from '@app/bulk-operations';
import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreHealthIndicator, EventStoreModule } from '@app/event-store';
import { IdentityModule } from '@app/identity';
import { InventoryApiModule } from '@app/inventory';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  QueueBoardModule,
} from '@app/observability';
import {
  ProjectionAdminModule,
  ProjectionsHealthIndicator,
  ProjectionsModule,
} from '@app/projections';
import { CommandRateLimitModule } from '@app/rate-limit';
import { RedisModule } from '@app/redis';
import { ReferenceDataApiModule } from '@app/reference-data';

import { ConsoleModule } from './console';

export interface ApiModuleOptions {
  /** Environment overrides (tests pass their own database and prefix). */
  readonly env?: Record<string, string | undefined>;
  /** Run the projections here too (local default, tests). */
  readonly runProjections?: boolean;
}

/** The HTTP API. */
@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(options.env),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        RedisModule,
        EventStoreModule,
        ProjectionsModule.forRoot({ run: options.runProjections ?? false }),
        ProjectionAdminModule.forRoot({ routes: true }),
        HealthModule.forRoot({
          readiness: [EventStoreHealthIndicator, ProjectionsHealthIndicator],
        }),
        QueueBoardModule,
        IdentityModule,
        ReferenceDataApiModule,
        CommandRateLimitModule,
        BulkOperationsModule,
        InventoryApiModule,
        AuditModule,
        ConsoleModule,
      ],
    };
  }
}
