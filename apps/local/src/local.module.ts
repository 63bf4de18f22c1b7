import { DynamicModule, Module } from '@nestjs/common';

import { InventorySyncModule } from '@app/inventory';
import { ReferenceDataModule } from '@app/reference-data';

import { ApiModule } from '../../api/src/api.module';
import { DemoSeeder } from '../../cli/src/demo-seed/demo-seeder';
import { WORKER_FEATURES } from '../../worker/src/worker.module';

/**
 * The local default: API, worker features and projections in one process,
 * with the demo seeder for the simulator's tenant.
 */
@Module({})
export class LocalModule {
  static forRoot(): DynamicModule {
    return {
      module: LocalModule,
      imports: [
        ApiModule.forRoot({ runProjections: true }),
        ...WORKER_FEATURES,
        ReferenceDataModule,
        InventorySyncModule,
      ],
      providers: [DemoSeeder],
    };
  }
}
