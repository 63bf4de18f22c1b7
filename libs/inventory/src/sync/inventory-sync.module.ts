import { Module } from '@nestjs/common';

import { ReferenceDataModule } from '@app/reference-data';
import { TenantGraphModule } from '@app/tenant-graph';

import { InventorySync } from './inventory-sync';

/**
 * Inventory sync without a queue, for the worker's processor and for
 * in-process use (`demo:seed`). Needs `RedisModule` and `DatabaseModule`.
 */
@Module({
  imports: [TenantGraphModule, ReferenceDataModule],
  providers: [InventorySync],
  exports: [InventorySync],
})
export class InventorySyncModule {}
