import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';

import { SnapshotStore } from '@app/graph';
import { ReferenceDataModule } from '@app/reference-data';

import { AddPoliciesController } from './add-policies/add-policies.controller';
import { AddPoliciesHandler } from './add-policies/add-policies.handler';
import { InventorySelectionReferences } from './add-policies/inventory-selection-references';
import { SelectionReferences } from './add-policies/selection-references';
import { BackupSetItemsController } from './backup-set-items/backup-set-items.controller';
import { BackupSetItemsQuery } from './backup-set-items/backup-set-items.query';
import { BulkOperationsProjectionsModule } from './bulk-operations-projections.module';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsQuery } from './notifications/notifications.query';
import { RunLiveController } from './run-live/run-live.controller';
import { RunProgressQuery } from './run-live/run-progress.query';
import { RunsController } from './run-read-model/runs.controller';
import { RunsQuery } from './run-read-model/runs.query';

/**
 * The bulk operation API: the add-policies command, and the queries and
 * routes of runs, backup set items and notifications.
 */
@Module({
  imports: [CqrsModule, ReferenceDataModule, BulkOperationsProjectionsModule],
  controllers: [
    AddPoliciesController,
    RunsController,
    RunLiveController,
    BackupSetItemsController,
    NotificationsController,
  ],
  providers: [
    AddPoliciesHandler,
    { provide: SelectionReferences, useClass: InventorySelectionReferences },
    RunsQuery,
    RunProgressQuery,
    BackupSetItemsQuery,
    NotificationsQuery,
    // Reads only; the capture side gets its store from GraphModule.
    {
      provide: SnapshotStore,
      inject: [DataSource],
      useFactory: (db: DataSource) => new SnapshotStore(db),
    },
  ],
  exports: [RunsQuery],
})
export class BulkOperationsModule {}
