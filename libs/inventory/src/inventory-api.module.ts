import { Module } from '@nestjs/common';

import { QueueModule } from '@app/queue';
import { ReferenceDataModule } from '@app/reference-data';

import { InventorySyncController } from './api/inventory-sync.controller';
import { InventorySyncRequests } from './jobs/inventory-sync-requests';
import { SyncStatusStore } from './jobs/sync-status-store';

/**
 * The inventory sync routes: they queue syncs and read their status, and
 * never reach Graph (the worker does, with {@link InventoryWorkerModule}).
 * Needs the identity guard, `RedisModule` and `DatabaseModule`.
 */
@Module({
  imports: [QueueModule, ReferenceDataModule],
  controllers: [InventorySyncController],
  providers: [InventorySyncRequests, SyncStatusStore],
})
export class InventoryApiModule {}
