import { Module } from '@nestjs/common';

import { DatabaseModule } from '@app/database';
import { ReferenceDataModule } from '@app/reference-data';

import { DemoSeeder } from './demo-seeder';

/** The context `demo:seed` runs in. */
@Module({
  imports: [DatabaseModule, ReferenceDataModule],
  providers: [DemoSeeder],
})
export class DemoSeedModule {}
