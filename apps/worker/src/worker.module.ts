import { DynamicModule, Module } from '@nestjs/common';

import {
  BulkOperationsProjectionsModule,
  RunExecutionModule,
} from '@app/bulk-operations';
import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventStoreHealthIndicator, EventStoreModule } from '@app/event-store';
import { InventoryWorkerModule } from '@app/inventory';
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
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { TenantGraphModule } from '@app/tenant-graph';

/**
 * What a worker process runs: the projections, the run saga, capture jobs,
 * the reconciler and inventory syncs. Everything here may run in several
 * processes at once: projections and the reconciler take advisory locks,
 * Bull hands each job to one worker at a time.
 */
export const WORKER_FEATURES = [
  EventStoreModule,
  QueueModule,
  TenantGraphModule,
  BulkOperationsProjectionsModule,
  RunExecutionModule,
  InventoryWorkerModule,
];

/**
 * The worker process. Serves its own health endpoints on `PORT` so
 * orchestrators can probe it.
 */
@Module({})
export class WorkerModule {
  static forRoot(env: Record<string, string | undefined> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        RedisModule,
        ProjectionsModule.forRoot({ run: true }),
        ProjectionAdminModule.forRoot({ routes: false }),
        HealthModule.forRoot({
          readiness: [EventStoreHealthIndicator, ProjectionsHealthIndicator],
        }),
        QueueBoardModule,
        ...WORKER_FEATURES,
      ],
    };
  }
}
