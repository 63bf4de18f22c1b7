import { Module } from '@nestjs/common';

import { DatabaseModule } from '@app/database';
import { InventorySyncModule } from '@app/inventory';
import { RedisModule } from '@app/redis';
import { ReferenceDataModule } from '@app/reference-data';

import { DemoSeeder } from './demo-seeder';

/**
 * The context of `demo:seed --sync`/`--simulator`: the seeder with an
 * in-process inventory sync, hence Graph and Redis (its rate limiter).
 */
@Module({
  imports: [
    DatabaseModule,
    RedisModule,
    ReferenceDataModule,
    InventorySyncModule,
  ],
  providers: [DemoSeeder],
})
export class DemoSeedFromGraphModule {}
