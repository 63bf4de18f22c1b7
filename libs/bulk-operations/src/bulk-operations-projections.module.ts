import { Module } from '@nestjs/common';

import { BackupSetItemsProjection } from './backup-set-items/backup-set-items.projection';
import { NotificationsProjection } from './notifications/notifications.projection';
import { RunsProjection } from './run-read-model/runs.projection';

/**
 * The read models of bulk operations. Every process that runs or reports
 * on projections imports it; `ProjectionsModule` decides whether this
 * process runs them.
 */
@Module({
  providers: [
    RunsProjection,
    BackupSetItemsProjection,
    NotificationsProjection,
  ],
})
export class BulkOperationsProjectionsModule {}
