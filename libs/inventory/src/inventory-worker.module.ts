import { Module } from '@nestjs/common';

import { QueueModule } from '@app/queue';

import { InventorySyncProcessor } from './jobs/inventory-sync.processor';
import { SyncStatusStore } from './jobs/sync-status-store';
import { InventorySyncModule } from './sync/inventory-sync.module';

/**
 * Consumes inventory sync jobs: for the worker process and the all-in-one
 * local process only, never the scaled-out API. Needs `RedisModule` and
 * `DatabaseModule`.
 */
@Module({
  imports: [QueueModule, InventorySyncModule],
  providers: [InventorySyncProcessor, SyncStatusStore],
})
export class InventoryWorkerModule {}
