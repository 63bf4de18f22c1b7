import { Module } from '@nestjs/common';

import { BulkOperationsProjectionsModule } from '@app/bulk-operations';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';
import { ProjectionAdminModule, ProjectionsModule } from '@app/projections';

/**
 * The context of the `projections:*` commands: the projections known,
 * none run here (a rebuild swaps under the live runners of the workers).
 */
@Module({
  imports: [
    DatabaseModule,
    EventStoreModule,
    ProjectionsModule.forRoot({ run: false }),
    BulkOperationsProjectionsModule,
    ProjectionAdminModule.forRoot({ routes: false }),
  ],
})
export class ProjectionsCliModule {}
